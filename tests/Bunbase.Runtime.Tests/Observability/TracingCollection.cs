namespace Bunbase.Runtime.Tests.Observability;

/// <summary>
/// Tests that record spans. Activity listeners are process-wide and a span is recorded when any
/// listener asks, so these run alone: no other app's sampler can overrule the one under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}
