extern alias ExampleApp;

using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using PublishUserChanges = ExampleApp::BunbaseApp.Actions.PublishUserChanges;

namespace Bunbase.Runtime.Tests.Events;

/// <summary>
/// The example app's events from database changes: rows another program writes to users become events
/// through the trigger-filled outbox and the publish-user-changes action, once each.
/// </summary>
public abstract class DatabaseChangeEventsTests : IAsyncLifetime
{
    private AppServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: $$""" "database": { {{await DatabaseUrlAsync()}} "migrateOnStart": true, "migrationsPath": "{{Apps.ExampleMigrations}}" }, "queue": { "pollIntervalMs": 100 }, "events": { "sequencerPollMs": 50 }, "accounts": { "enabled": true } """,
            name: $"changes-{Guid.NewGuid():N}");
    }

    public virtual async Task DisposeAsync() => await _server.DisposeAsync();

    private protected abstract Task<string> DatabaseUrlAsync();

    private ISqlDatabase Db => _server.Services.GetRequiredService<Bunbase.Runtime.Data.Database>().CreateSession(CancellationToken.None);

    private IEventStore Store => _server.Services.GetRequiredService<IEventStore>();

    private async Task PublishChangesAsync()
    {
        var action = _server.Services.GetRequiredService<ActionCatalog>().ByInputType[typeof(PublishUserChanges.Input)];
        await _server.Services.GetRequiredService<IJobEnqueuer>().EnqueueAsync(action, new PublishUserChanges.Input(), null, null, CancellationToken.None);
    }

    [Fact]
    public async Task Changes_written_by_another_program_become_events_once()
    {
        // Another program: plain SQL on the app's database. One transaction, so the example's every-minute
        // cron run cannot publish (and delete) the first outbox row before the test has read its id.
        var (id, outboxIds) = await Db.TransactionAsync(async db =>
        {
            await db.ExecuteAsync("insert into users (email, name, account_id) values ('zoe@example.com', 'Zoe', 'account-of-zoe')");
            await db.ExecuteAsync("update users set name = 'Zoé' where email = 'zoe@example.com'");
            var userId = await db.ExecuteScalarAsync<long>("select id from users where email = 'zoe@example.com'");
            return (userId, (await db.QueryAsync<string>("select id from user_changes order by seq")).ToList());
        });
        Assert.Equal(2, outboxIds.Count);

        await PublishChangesAsync();
        IReadOnlyList<StoredEvent> events = [];
        await Eventually.TrueAsync(async () => (events = await Store.ReadCategoryAsync("user", 0, 10, CancellationToken.None)).Count == 2, "two user events");

        // A row published again (a crash before its delete, say) is a duplicate: still two events.
        await Db.ExecuteAsync($"insert into user_changes (id, user_id, operation, data) values ('{outboxIds[0]}', {id}, 'insert', '{{}}')");
        await PublishChangesAsync();
        await Eventually.TrueAsync(async () => await Db.ExecuteScalarAsync<long>("select count(*) from user_changes") == 0, "the outbox emptied");

        Assert.Equal(2, (await Store.ReadCategoryAsync("user", 0, 10, CancellationToken.None)).Count);
        Assert.Equal([$"user-{id}", $"user-{id}"], events.Select(e => e.Stream));
        Assert.Equal(["user-created", "user-updated"], events.Select(e => e.Type));
        Assert.Equal(outboxIds.Select(Guid.Parse), events.Select(e => e.Id));
        var data = JsonDocument.Parse(events[1].Data).RootElement;
        Assert.Equal("Zoé", data.GetProperty("name").GetString());
    }
}

public sealed class PostgresDatabaseChangeEventsTests : DatabaseChangeEventsTests
{
    private TestDatabase _database = null!;

    private protected override async Task<string> DatabaseUrlAsync()
    {
        _database = await TestDatabase.CreateAsync();
        return $"\"url\": \"{_database.Url}\",";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class SqliteDatabaseChangeEventsTests : DatabaseChangeEventsTests
{
    private protected override Task<string> DatabaseUrlAsync() => Task.FromResult("");
}
