namespace Bunbase.Runtime.Clients;

/// <summary>How a CLR type looks in JSON, as the runtime's JSON contract writes it.</summary>
internal enum WireKind
{
    /// <summary>A JSON string: text, UUIDs, dates and times, durations, URIs.</summary>
    String,

    /// <summary>A JSON number: every integer type (64-bit ones included: the contract writes numbers, not strings), float, double, decimal.</summary>
    Number,

    Boolean,

    /// <summary>A byte array, written as a base64 string.</summary>
    Bytes,

    Enum,
    Array,
    Dictionary,
    Object,

    /// <summary>Any JSON value (<c>object</c>, <c>JsonElement</c>, <c>JsonNode</c>).</summary>
    Any,
}
