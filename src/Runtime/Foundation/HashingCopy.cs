using System.Buffers;
using System.Security.Cryptography;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Copies a stream through two pooled 1 MiB buffers, counting and hashing (SHA-256) what passes:
/// uploads and stored objects never sit whole in memory. While one buffer fills from the source,
/// the other is hashed and written at once (SHA-256 runs at about the speed of the transfer
/// itself, so hashing in line would nearly halve it), and the destination gets large writes, not
/// the few KiB a socket read returns.
/// </summary>
internal static class HashingCopy
{
    private const int ChunkSize = 1024 * 1024;

    // Below this a chunk is hashed in line: handing it to another thread costs more than it saves.
    private const int ParallelHashThreshold = 64 * 1024;

    /// <summary>Copies <paramref name="source"/> to its end into <paramref name="destination"/>.</summary>
    /// <returns>The bytes copied and their SHA-256 in lowercase hex.</returns>
    /// <exception cref="ContentTooLargeException">More than <paramref name="maxBytes"/> bytes came (what was copied is the caller's to discard).</exception>
    public static async Task<(long Length, string Sha256)> CopyAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var filling = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var draining = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var pending = Task.CompletedTask;
        long length = 0;
        try
        {
            while (true)
            {
                // Near the limit, wait for no more than one byte past it: a client that sends too much then waits for
                // the answer gets its 413 without having to finish.
                var wanted = maxBytes - length >= ChunkSize ? ChunkSize : (int)(maxBytes - length + 1);
                var read = await source.ReadAtLeastAsync(filling.AsMemory(0, ChunkSize), wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                await pending.ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
                if (length > maxBytes)
                    throw new ContentTooLargeException(maxBytes);
                (filling, draining) = (draining, filling);
                pending = DrainAsync(hash, destination, draining, read, cancellationToken);
                if (read < wanted)
                {
                    // The source ended: nothing more to overlap with.
                    await pending.ConfigureAwait(false);
                    break;
                }
            }
        }
        finally
        {
            // A buffer goes back to the pool only once nothing reads it any more.
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception) when (!pending.IsCompletedSuccessfully)
            {
                // Already thrown above, or superseded by the exception leaving now.
            }

            ArrayPool<byte>.Shared.Return(filling);
            ArrayPool<byte>.Shared.Return(draining);
        }

        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task DrainAsync(IncrementalHash hash, Stream destination, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        if (count < ParallelHashThreshold)
        {
            hash.AppendData(buffer, 0, count);
            await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            return;
        }

        var hashing = Task.Run(() => hash.AppendData(buffer, 0, count), CancellationToken.None);
        try
        {
            await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await hashing.ConfigureAwait(false);
        }
    }
}
