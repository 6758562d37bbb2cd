namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>The subscriber contract on PostgreSQL (events numbered by the sequencer).</summary>
public sealed class PostgresSubscriptionTests : SubscriptionContractTests
{
    protected override bool Postgres => true;
}
