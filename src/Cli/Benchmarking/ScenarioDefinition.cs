namespace Bunbase.Cli.Benchmarking;

/// <summary>A named load: its requests (mixed by weight), an optional sign-in, and fixture ids for <c>{{id}}</c>.</summary>
internal sealed record ScenarioDefinition(string Name, string Description, IReadOnlyList<RequestTemplate> Requests)
{
    public SessionRequest? Session { get; init; }

    /// <summary>Ids of rows prepared for the scenario, drawn at random by <c>{{id}}</c>.</summary>
    public IReadOnlyList<long> Ids { get; init; } = [];
}
