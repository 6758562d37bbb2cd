namespace Bunbase.Runtime.Configuration;

/// <summary>PostgreSQL settings (<c>database.*</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The primary's connection URL (<c>postgres://user:pass@host:port/db</c>); also <c>DATABASE_URL</c>.</summary>
    /// <value>The default is none: the embedded store is used.</value>
    public string? Url { get; set; }
}
