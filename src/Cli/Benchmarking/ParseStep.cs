namespace Bunbase.Cli.Benchmarking;

/// <summary>What <see cref="ResponseParser.Parse"/> found.</summary>
internal enum ParseStep
{
    /// <summary>Every usable byte was consumed; the response continues in bytes not yet read.</summary>
    NeedMore,

    /// <summary>A response ended.</summary>
    Complete,

    /// <summary>The bytes are not an HTTP/1.x response.</summary>
    Invalid,
}
