namespace Bunbase;

/// <summary>A storage key that is not allowed (traversal, absolute, control characters, too long); a 400 <c>invalid_storage_key</c>.</summary>
/// <param name="message">Why the key is refused.</param>
public sealed class InvalidStorageKeyException(string message) : BadRequestException("invalid_storage_key", message);
