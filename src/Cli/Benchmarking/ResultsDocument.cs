namespace Bunbase.Cli.Benchmarking;

/// <summary>The results file (schema in the README's "Benchmarking your app").</summary>
internal sealed record ResultsDocument
{
    public int SchemaVersion { get; init; } = 1;

    public string Tool { get; init; } = "bunbase benchmark";

    public DateTimeOffset Timestamp { get; init; }

    public ResultsTarget Target { get; init; } = null!;

    public ResultsMachine? Machine { get; init; }

    public ResultsSettings? Settings { get; init; }

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];
}
