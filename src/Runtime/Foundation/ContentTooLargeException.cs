namespace Bunbase.Runtime.Foundation;

/// <summary>Streamed content went past its limit; the transport answers 413.</summary>
internal sealed class ContentTooLargeException(long maxBytes)
    : Exception($"The content is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
