using System.Globalization;
using Bunbase.Runtime.Configuration;
using Npgsql;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Reads a PostgreSQL location given as a URL (<c>postgres://user:pass@host:port/db?sslmode=require</c>)
/// or as an Npgsql connection string, and describes it for messages without its password. A location on
/// this machine that says nothing about TLS is read without it (<see cref="LoopbackTls"/>).
/// </summary>
internal static class DatabaseUrl
{
    public static NpgsqlConnectionStringBuilder Parse(string value, string key)
    {
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return LoopbackTls.Apply(new NpgsqlConnectionStringBuilder(value), LoopbackTls.SetsSslMode(value));
            }
            catch (ArgumentException ex)
            {
                throw new StartupException($"{key} is neither a postgres:// URL nor a valid connection string: {ex.Message}");
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || uri.Host.Length == 0)
            throw new StartupException($"{key} must look like postgres://user:password@host:port/database (got '{Redact(value)}')");

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0)
            builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }

        var sslModeGiven = false;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, text) = pair.Split('=', 2) switch
            {
                [var n, var v] => (Uri.UnescapeDataString(n), Uri.UnescapeDataString(v)),
                [var n] => (Uri.UnescapeDataString(n), ""),
                _ => ("", ""),
            };
            sslModeGiven |= LoopbackTls.IsSslModeKey(name);
            try
            {
                // libpq-style names (sslmode, application_name) map onto Npgsql's keywords.
                builder[name.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : name.Replace('_', ' ')] = text;
            }
            catch (ArgumentException)
            {
                throw new StartupException($"{key}: unknown or invalid parameter '{name}' in {Redact(value)}");
            }
        }

        return LoopbackTls.Apply(builder, sslModeGiven);
    }

    /// <summary><c>host:port/database</c>, for messages; never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"}");

    /// <summary>The URL without its password, for messages; a connection string is not repeated at all.</summary>
    public static string Redact(string value) =>
        value.Contains("://", StringComparison.Ordinal) ? UrlRedaction.Redact(value) : "(connection string)";
}
