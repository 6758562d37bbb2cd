using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Studio;

/// <summary>In Development, prints the console's one-time sign-in link once the server listens (its address is known only then).</summary>
internal sealed class StudioAnnouncement(IHostApplicationLifetime lifetime, IServer server, DevelopmentSignIn signIn, ILogger<StudioAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
            if (signIn.Token is { } token)
                StudioAudit.SignInLink(logger, $"{address.TrimEnd('/')}{StudioLayout.Prefix}/sign-in?token={token}", (int)DevelopmentSignIn.Lifetime.TotalMinutes);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
