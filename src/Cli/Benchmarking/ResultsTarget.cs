namespace Bunbase.Cli.Benchmarking;

/// <summary>What was loaded: the URL, whether the tool started the app (in Release), and the server's pid when known.</summary>
internal sealed record ResultsTarget(string Url, bool StartedByTool, int? ServerPid);
