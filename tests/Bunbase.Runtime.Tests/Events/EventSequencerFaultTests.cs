using System.Collections.Concurrent;
using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Events;

/// <summary>Publishing and sequencing while every connection of the app to PostgreSQL is cut, again and again.</summary>
public sealed class EventSequencerFaultTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private AppServer _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = await AppServer.StartAsync(extraConfig: $$""" "database": { "url": "{{_database.Url}}" } """, name: $"evf-{Guid.NewGuid():N}");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Connections_cut_while_publishing_leave_every_acknowledged_event_numbered_once_and_versions_dense()
    {
        var acknowledged = new ConcurrentBag<Guid>();
        var publishing = Task.WhenAll(Enumerable.Range(0, 10).Select(async worker =>
        {
            for (var i = 0; i < 20; i++)
            {
                var id = Guid.NewGuid();
                using var response = await _app.Client.PostAsJsonAsync("/events/publish", new { stream = $"open-{worker % 4}", type = "cut", id });
                if (response.IsSuccessStatusCode)
                    acknowledged.Add(id);
                else
                    Assert.True((int)response.StatusCode == 503, await response.Content.ReadAsStringAsync());
            }
        }));
        for (var cut = 0; cut < 5 && !publishing.IsCompleted; cut++)
        {
            await Task.Delay(150);
            await _database.TerminateBackendsAsync();
        }

        await publishing;
        await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>("select count(*) from bunbase_events where global_position is null") == 0, "every event to be numbered", seconds: 60);

        // Positions are unique, not dense: a pass cut after drawing numbers (nextval is not rolled back) skips them.
        var stored = await _database.ScalarAsync<long>("select count(*) from bunbase_events");
        Assert.Equal(stored, await _database.ScalarAsync<long>("select count(distinct global_position) from bunbase_events"));
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from (select stream from bunbase_events group by stream having max(version) <> count(*)) s"));
        var ids = string.Join(",", acknowledged.Select(id => $"'{id}'"));
        Assert.Equal(acknowledged.Count, await _database.ScalarAsync<long>($"select count(*) from bunbase_events where id in ({ids})"));
        Assert.True(acknowledged.Count > 0);
    }
}
