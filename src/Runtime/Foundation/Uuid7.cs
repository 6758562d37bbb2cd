using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Version 7 UUIDs (RFC 9562: 48 bits of Unix milliseconds, the version, 74 random bits), laid out as
/// <see cref="Guid.CreateVersion7()"/> lays them out, with the random bits taken from a per-thread buffer that the system's
/// cryptographic generator fills 256 ids at a time.
/// </summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7()"/> reads 16 bytes from <c>/dev/urandom</c> on every call on Linux, a system call: 1.4 µs
/// an id on a virtual machine here, against 0.02 µs from <see cref="RandomNumberGenerator"/> asked for 256 ids' bytes at
/// once; and the run log makes an id for every request (<c>benchmarks/results/2026-12-06-uuid7.md</c>). Secrets (session
/// ids, keys) are not made here.
/// </remarks>
internal static class Uuid7
{
    private const int IdBytes = 16;
    private const int IdsPerFill = 256;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    /// <summary>A version 7 UUID for now.</summary>
    public static Guid New() => New(DateTimeOffset.UtcNow);

    /// <summary>A version 7 UUID for <paramref name="timestamp"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp is before the Unix epoch.</exception>
    public static Guid New(DateTimeOffset timestamp)
    {
        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(timestamp));

        var random = t_random ??= new byte[IdBytes * IdsPerFill];
        if (t_next == 0)
            RandomNumberGenerator.Fill(random);
        Span<byte> id = stackalloc byte[IdBytes];
        random.AsSpan(t_next, IdBytes).CopyTo(id);
        t_next = (t_next + IdBytes) % random.Length;

        // Bytes 0-5: the timestamp, big-endian; the version in byte 6's high half; the variant (10) in byte 8's top bits.
        Span<byte> time = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(time, milliseconds);
        time[2..].CopyTo(id);
        id[6] = (byte)((id[6] & 0x0F) | 0x70);
        id[8] = (byte)((id[8] & 0x3F) | 0x80);
        return new Guid(id, bigEndian: true);
    }
}
