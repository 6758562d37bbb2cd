using Bunbase.Runtime.Auth.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// Logs, when the app starts serving (never while it only writes its OpenAPI document), what
/// Development tolerates and production would refuse: an ephemeral or weak session key.
/// </summary>
internal sealed partial class AuthStartupWarnings(SessionKeyRing keys, ILogger<AuthStartupWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in keys.Warnings)
            LogWarning(logger, warning);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "auth: {Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);
}
