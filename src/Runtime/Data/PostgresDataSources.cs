using System.Globalization;
using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>Builds the <see cref="NpgsqlDataSource"/> of one server from <c>database.*</c>, converting our units to Npgsql's.</summary>
internal static class PostgresDataSources
{
    /// <param name="location">Host, port, database and credentials.</param>
    /// <param name="options">The pool and timeout settings.</param>
    /// <param name="applicationName">What the server's <c>pg_stat_activity</c> shows, unless the URL says.</param>
    /// <param name="loggers">Npgsql's log output.</param>
    /// <param name="dedicatedPoolSize">For a pool of its own (the action-run log's COPY, the jobs' statements): never multiplexed, opened only as used.</param>
    public static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder location, DatabaseOptions options, string applicationName, ILoggerFactory loggers, int? dedicatedPoolSize = null)
    {
        var maxPoolSize = dedicatedPoolSize ?? options.MaxPoolSize;
        var settings = new NpgsqlConnectionStringBuilder(location.ConnectionString)
        {
            MaxPoolSize = maxPoolSize,
            MinPoolSize = dedicatedPoolSize is null ? Math.Min(options.MinPoolSize, maxPoolSize) : 0,
            // Npgsql counts these in whole seconds; ours are milliseconds (rounded up, never to 0 = infinite).
            Timeout = WholeSeconds(options.ConnectTimeoutMs),
            CommandTimeout = options.CommandTimeoutMs == 0 ? 0 : WholeSeconds(options.CommandTimeoutMs) + ClientTimeoutMarginSeconds,
            Multiplexing = dedicatedPoolSize is null && options.Multiplexing,
            MaxAutoPrepare = options.MaxAutoPrepare,
            Enlist = false,
            // Returning a connection to the pool would otherwise queue a reset (several statements with
            // auto-prepare on) before its next use. Invocations never rely on session state.
            NoResetOnClose = true,
        };
        settings.ApplicationName ??= applicationName;

        // The exact limit is the server's statement_timeout (milliseconds); the client timeout above
        // is only a backstop for a server or network that stops answering.
        if (options.CommandTimeoutMs > 0)
            settings.Options = $"{settings.Options} -c statement_timeout={options.CommandTimeoutMs.ToString(CultureInfo.InvariantCulture)}".Trim();

        var builder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        builder.UseLoggerFactory(loggers);
        return builder.Build();
    }

    private const int ClientTimeoutMarginSeconds = 5;

    public static int WholeSeconds(int milliseconds) => Math.Max(1, (milliseconds + 999) / 1000);
}
