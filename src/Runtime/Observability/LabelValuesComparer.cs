namespace Bunbase.Runtime.Observability;

/// <summary>Label values compared element by element, to find a family's series.</summary>
internal sealed class LabelValuesComparer : IEqualityComparer<string[]>
{
    public static LabelValuesComparer Instance { get; } = new();

    public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(string[] obj)
    {
        var hash = default(HashCode);
        foreach (var value in obj)
            hash.Add(value, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
