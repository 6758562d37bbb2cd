using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>The subscriber contract on PostgreSQL (events numbered by the sequencer).</summary>
public sealed class PostgresSubscriptionTests : SubscriptionContractTests
{
    protected override bool Postgres => true;

    [Fact]
    public async Task One_LISTEN_connection_serves_the_queue_the_event_store_and_subscriptions()
    {
        // Every instance holds its listener for its lifetime: one per process, however many capabilities listen.
        var database = App.Database!;
        var listeners = $"select count(*) from pg_stat_activity where datname = '{database.Name}' and application_name like '% listener'";
        await Eventually.TrueAsync(async () => await database.ScalarAsync<long>(listeners) >= 1, "the listener to connect");
        Assert.Equal(1L, await database.ScalarAsync<long>(listeners));

        // No other connection of the app LISTENs (the contract tests show each capability is woken through it).
        Assert.Equal(0L, await database.ScalarAsync<long>($"select count(*) from pg_stat_activity where datname = '{database.Name}' and query ilike 'listen %' and application_name not like '% listener'"));
    }
}
