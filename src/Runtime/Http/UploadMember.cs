using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Http;

/// <summary>A <see cref="FileUpload"/> member of an input, with its <see cref="UploadAttribute"/> limits resolved.</summary>
internal sealed class UploadMember(InputMember member, long maxBytes, string[] contentTypes, bool requireChecksum)
{
    public InputMember Member { get; } = member;

    public long MaxBytes { get; } = maxBytes;

    public bool RequireChecksum { get; } = requireChecksum;

    public string[] ContentTypes { get; } = contentTypes;

    /// <summary>Whether <paramref name="contentType"/> is one this member accepts (<c>image/*</c> admits every image type).</summary>
    public bool Accepts(string contentType)
    {
        if (ContentTypes.Length == 0)
            return true;
        var bare = contentType.Split(';', 2)[0].Trim();
        foreach (var allowed in ContentTypes)
        {
            if (allowed.EndsWith("/*", StringComparison.Ordinal)
                ? bare.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase)
                : bare.Equals(allowed, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
