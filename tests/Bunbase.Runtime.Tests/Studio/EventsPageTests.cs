using System.Net;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Subscriptions;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>The Events page: subscriptions with their lag, streams, and dead letters that the console retries.</summary>
public sealed partial class EventsPageTests
{
    [Fact]
    public async Task Dead_letters_show_with_their_error_and_one_retried_from_the_console_is_handled()
    {
        await using var app = await EventsAppServer.StartAsync(postgres: true);
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.Server.Address };
        var admin = await TestSessions.StartAsync(client, "ops", ["admin"]);
        await app.PublishAsync("fragile-s", "fragile-thing", new { key = "s" });
        await Eventually.TrueAsync(async () => await app.CountAsync("select count(*) from bunbase_subscription_dead where subscription = 'fragile'") == 1, "the event to be parked");

        using var page = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_studio/events", admin));
        var body = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<tr class=\"group\"><th>fragile</th>", body, StringComparison.Ordinal);
        Assert.Contains("<td>fragile-s</td>", body, StringComparison.Ordinal);
        Assert.Contains("not fixed yet (s, attempt 3)", body, StringComparison.Ordinal);

        await app.ExecuteAsync("insert into switches (name) values ('fixed')");
        var retry = RetryForm().Match(body).Groups[1].Value;
        using var request = TestSessions.WithCookie(HttpMethod.Post, retry, admin, app.Server.Address.GetLeftPart(UriPartial.Authority));
        using var retried = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, retried.StatusCode);
        await Eventually.TrueAsync(async () => await app.CountAsync("select count(*) from event_runs where stream = 'fragile-s'") == 1, "the retried event to be handled");
    }

    [GeneratedRegex("action=\"(/_studio/events/dead/[0-9a-f-]{36}/retry)\"")]
    private static partial Regex RetryForm();
}
