namespace Bunbase;

/// <summary>What a signed URL allows.</summary>
public enum SignedUrlMethod
{
    /// <summary>Reading the object (GET and HEAD, with ranges).</summary>
    Get,

    /// <summary>Writing the object (PUT of the raw content).</summary>
    Put,
}
