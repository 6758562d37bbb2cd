using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;
using Bunbase.Runtime.Mail;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// Says at start which backend each capability uses and where its data lives, one line each: on a
/// laptop with nothing configured everything is in the embedded file, for this process only; with
/// <c>DATABASE_URL</c> and <c>REDIS_URL</c> set, nothing of that is used.
/// </summary>
internal sealed partial class BackendSummary(BunbaseOptions options, Database database, IMailTransport mail, ILogger<BackendSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var embedded = database.Backend == DatabaseBackend.Sqlite;
        var data = embedded ? $"SQLite file {database.Description}" : $"PostgreSQL {database.Description}";
        var replicas = database.Replicas.Length == 0 ? "" : $", reads from {database.Replicas.Length} replica(s)";
        var redis = options.Redis.Url is { } url ? $"Redis {Configuration.UrlRedaction.Redact(url)}" : null;
        var shared = embedded ? "this process only" : "shared by every instance";
        Log(logger, "ctx.Db and migrations", data + replicas);
        Log(logger, "ctx.Kv", redis ?? $"{data} (table bunbase_kv), {shared}");
        Log(logger, "session revocations and sign-in throttling", redis ?? $"{data} (table bunbase_kv), {shared}");
        Log(logger, "queue and cron", $"{data} (bunbase_jobs), {shared}");
        Log(logger, "rate limits", redis is null ? "in this process (each instance counts its own)" : redis + ", shared by every instance");
        Log(logger, "ctx.Mail", mail.Description + " (queued in bunbase_jobs, logged in bunbase_mail)");
        Log(logger, "the action-run log", options.Persistence.Enabled ? $"{data} (bunbase_action_runs)" : "off (persistence.enabled is false)");
        if (embedded)
            LogEmbedded(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend for {Capability}: {Backend}")]
    private static partial void Log(ILogger logger, string capability, string backend);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded backends serve one process; set DATABASE_URL (PostgreSQL) and REDIS_URL (Redis) to run several instances")]
    private static partial void LogEmbedded(ILogger logger);
}
