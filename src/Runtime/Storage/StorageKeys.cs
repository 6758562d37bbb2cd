using System.Text;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// Which keys <c>ctx.Storage</c> accepts: checked before any backend sees one, so a key can never
/// name a file outside the local backend's folder (nor a surprising object in a bucket).
/// </summary>
internal static class StorageKeys
{
    public const int MaxBytes = 1024;

    /// <summary>A segment becomes a file or folder name on the local backend: file systems allow 255 bytes.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Throws <see cref="InvalidStorageKeyException"/> unless <paramref name="key"/> is a valid key.</summary>
    public static string Check(string? key)
    {
        if (Problem(key) is { } problem)
            throw new InvalidStorageKeyException(problem);
        return key!;
    }

    /// <summary>Why <paramref name="key"/> is refused, or null when it is a valid key.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return "The storage key is empty.";
        if (key.Length > MaxBytes || Encoding.UTF8.GetByteCount(key) > MaxBytes)
            return $"The storage key is longer than {MaxBytes} UTF-8 bytes.";
        foreach (var c in key)
        {
            if (char.IsControl(c))
                return "The storage key contains a control character.";
            if (c is '\\')
                return "The storage key contains a backslash; segments are separated by '/'.";
            if (char.IsSurrogate(c) && !IsWellFormed(key))
                return "The storage key is not valid Unicode.";
        }

        if (key[0] == '/')
            return "The storage key starts with '/'; keys are relative.";
        if (key.Length >= 2 && key[1] == ':')
            return "The storage key looks like a drive path.";
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
                return "The storage key has an empty segment ('//' or a trailing '/').";
            if (segment is "." or "..")
                return "The storage key has a '.' or '..' segment.";
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
                return $"A segment of the storage key is longer than {MaxSegmentBytes} UTF-8 bytes.";
        }

        return null;
    }

    private static bool IsWellFormed(string key)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(key);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
