namespace Bunbase.Runtime.Data.Migrations;

/// <summary>The row that records a step as applied, for a step written in code to insert in its own transaction.</summary>
/// <param name="Sql">The insert, with parameters <c>@version</c>, <c>@name</c>, <c>@checksum</c> and <c>@ms</c>.</param>
/// <param name="Version">The step's version.</param>
/// <param name="Name">The step's name.</param>
/// <param name="Checksum">What the history compares on the next run.</param>
internal sealed record HistoryRecord(string Sql, long Version, string Name, string Checksum)
{
    /// <summary>The insert's parameters, with the step's duration.</summary>
    public Dictionary<string, object> Parameters(int milliseconds) => new(StringComparer.Ordinal)
    {
        ["version"] = Version,
        ["name"] = Name,
        ["checksum"] = Checksum,
        ["ms"] = milliseconds,
    };
}
