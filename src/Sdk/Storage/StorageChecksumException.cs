namespace Bunbase;

/// <summary>Content whose SHA-256 is not the one announced; nothing was stored. A 400 <c>checksum_mismatch</c>.</summary>
/// <param name="message">What was expected and found.</param>
public sealed class StorageChecksumException(string message) : BadRequestException("checksum_mismatch", message);
