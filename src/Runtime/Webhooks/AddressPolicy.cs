using System.Net;
using System.Net.Sockets;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Which addresses an outbound delivery may connect to: public unicast ones only, unless
/// <c>webhooks.allowPrivateAddresses</c>. Loopback, private (RFC 1918, unique local), link-local,
/// carrier-grade NAT, benchmarking, multicast, reserved and unspecified addresses are refused, and an
/// IPv4 address inside IPv6 (mapped, NAT64) is judged as the IPv4 address.
/// </summary>
internal static class AddressPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return IsPublic(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return IsPublicV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            return false;
        var bytes = address.GetAddressBytes();

        // NAT64 (64:ff9b::/96) carries an IPv4 address in its last four bytes.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublicV4(bytes[12..]);

        // Only global unicast (2000::/3) is public.
        return (bytes[0] & 0xe0) == 0x20;
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] is 0 or 10 or 127 or >= 224
        || (b[0] == 100 && (b[1] & 0xc0) == 64)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && (b[1] & 0xf0) == 16)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 198 && (b[1] & 0xfe) == 18)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));
}
