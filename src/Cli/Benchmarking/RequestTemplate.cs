namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// One request of a scenario. <see cref="Path"/>, header values and <see cref="Body"/> may hold
/// placeholders: <c>{{random MIN MAX}}</c>, <c>{{uuid}}</c>, <c>{{id}}</c> (a fixture row's id).
/// </summary>
internal sealed record RequestTemplate(string Name, string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, int Weight = 1);
