using System.Net;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// TLS to a PostgreSQL server on this machine protects nothing (the bytes never leave the host) and costs
/// a handshake per connection and encryption per statement. Npgsql's default (<c>SSL Mode=Prefer</c>)
/// uses TLS whenever the server offers it, so a location that names only loopback hosts and says nothing
/// about TLS gets <c>SSL Mode=Disable</c>; anything else keeps what it says or Npgsql's default.
/// </summary>
internal static class LoopbackTls
{
    /// <summary>Turns TLS off for a loopback location unless <paramref name="sslModeGiven"/>.</summary>
    public static NpgsqlConnectionStringBuilder Apply(NpgsqlConnectionStringBuilder builder, bool sslModeGiven)
    {
        if (!sslModeGiven && IsLoopback(builder.Host))
            builder.SslMode = SslMode.Disable;
        return builder;
    }

    /// <summary>Whether a connection string sets the SSL mode under any of its spellings (<c>SSL Mode</c>, <c>SslMode</c>, <c>sslmode</c>).</summary>
    public static bool SetsSslMode(string connectionString)
    {
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys;
        return keys is not null && keys.Cast<string>().Any(IsSslModeKey);
    }

    /// <summary><c>sslmode</c>, <c>ssl mode</c>, <c>ssl_mode</c>, any case.</summary>
    public static bool IsSslModeKey(string name) =>
        name.Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Equals("sslmode", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether every host of <paramref name="hosts"/> (Npgsql's comma-separated <c>Host</c>, each with an optional
    /// port) is this machine: <c>localhost</c>, 127.0.0.0/8, <c>::1</c>, or a Unix socket directory.
    /// </summary>
    public static bool IsLoopback(string? hosts)
    {
        if (string.IsNullOrWhiteSpace(hosts))
            return false;
        foreach (var entry in hosts.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!IsLoopbackHost(entry))
                return false;
        }

        return true;
    }

    private static bool IsLoopbackHost(string entry)
    {
        if (entry.StartsWith('/') || entry.StartsWith('@'))
            return true; // a Unix socket (a directory, or Linux's abstract namespace)
        var host = entry;
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            host = end < 0 ? host : host[1..end];
        }
        else if (host.Count(c => c == ':') == 1)
        {
            host = host[..host.IndexOf(':', StringComparison.Ordinal)];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
