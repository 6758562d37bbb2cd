using Bunbase.Runtime.Configuration;
using StackExchange.Redis;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Redis;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of the process, from <c>redis.url</c>. It never
/// aborts on a failed connect: start-up goes on and StackExchange.Redis reconnects in the background.
/// </summary>
internal static class RedisConnection
{
    public static ConfigurationOptions Options(RedisOptions redis)
    {
        var url = redis.Url ?? throw new InvalidOperationException("redis.url is not set");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
            throw new StartupException($"redis.url must look like redis://host:port (got '{UrlRedaction.Redact(url)}')");

        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = redis.ConnectTimeoutMs,
            AsyncTimeout = redis.TimeoutMs,
            SyncTimeout = redis.TimeoutMs,
            ConnectRetry = 1,
            Ssl = uri.Scheme == "rediss",
            ClientName = "bunbase",
        };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length > 0 ? parts[0] : null;
                options.Password = parts[1];
            }
            else
            {
                options.Password = parts[0];
            }
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            if (!int.TryParse(database, System.Globalization.CultureInfo.InvariantCulture, out var index) || index < 0)
                throw new StartupException($"redis.url database must be a number (got '{database}')");
            options.DefaultDatabase = index;
        }

        return options;
    }

    public static IConnectionMultiplexer Connect(RedisOptions redis) => ConnectionMultiplexer.Connect(Options(redis));
}
