using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>Subscriptions while every connection of the app to PostgreSQL, its LISTEN connection included, is cut again and again.</summary>
public sealed class SubscriptionConnectionLossTests : IAsyncLifetime
{
    private EventsAppServer _app = null!;

    public async Task InitializeAsync() => _app = await EventsAppServer.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_event_published_while_connections_are_cut_is_handled()
    {
        var database = _app.Database!;
        var publishing = Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            for (var i = 0; i < 15; i++)
            {
                using var response = await _app.Server.Client.PostAsJsonAsync("/publish", new { stream = $"bulk-{worker}", type = "bulk-thing", data = new { n = i } });
                Assert.True(response.IsSuccessStatusCode || (int)response.StatusCode == 503, await response.Content.ReadAsStringAsync());
            }
        }));
        for (var cut = 0; cut < 4 && !publishing.IsCompleted; cut++)
        {
            await Task.Delay(100);
            await database.TerminateBackendsAsync();
        }

        await publishing;

        // Handlers whose connection was cut are retried; reads cut short are read again from the saved position.
        await Eventually.TrueAsync(
            async () => await database.ScalarAsync<long>("select count(*) from bunbase_events e where e.category = 'bulk' and not exists (select 1 from event_runs r where r.event_id = e.id)") == 0,
            "every bulk event to be handled", seconds: 60);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from bunbase_subscription_dead"));
    }
}
