using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>Every page also works on the embedded defaults (SQLite, in-process realtime), on the fixture app.</summary>
public sealed class EmbeddedPagesTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Theory]
    [MemberData(nameof(StudioEndpointsTests.Pages), MemberType = typeof(StudioEndpointsTests))]
    public async Task Each_page_answers_200_on_the_embedded_backend(string path)
    {
        var admin = await TestSessions.StartAsync(app.Client, "ops", ["admin"]);

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, path, admin));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
    }

    [Fact]
    public async Task Runs_filtered_by_action_and_time_work_on_sqlite_too()
    {
        var admin = await TestSessions.StartAsync(app.Client, "ops", ["admin"]);
        (await app.Client.GetAsync("/hello")).EnsureSuccessStatusCode();
        var since = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, $"/_studio/runs?action=hello&trigger=http&from={since}", admin));
                return (await response.Content.ReadAsStringAsync()).Contains("<td>hello</td>", StringComparison.Ordinal);
            },
            "the run of hello on the filtered page");
    }
}
