using System.Buffers;
using System.Security.Cryptography;

namespace Bunbase.Runtime.Foundation;

/// <summary>Copies a stream through a pooled buffer, counting and hashing (SHA-256) what passes: uploads and stored objects never sit whole in memory.</summary>
internal static class HashingCopy
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Copies <paramref name="source"/> to its end into <paramref name="destination"/>.</summary>
    /// <returns>The bytes copied and their SHA-256 in lowercase hex.</returns>
    /// <exception cref="ContentTooLargeException">More than <paramref name="maxBytes"/> bytes came (what was copied is the caller's to discard).</exception>
    public static async Task<(long Length, string Sha256)> CopyAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > maxBytes)
                    throw new ContentTooLargeException(maxBytes);
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
