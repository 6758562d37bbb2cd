namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>The subscriber contract on the embedded file: one process holds every partition.</summary>
public sealed class EmbeddedSubscriptionTests : SubscriptionContractTests
{
    protected override bool Postgres => false;
}
