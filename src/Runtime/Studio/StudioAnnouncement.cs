using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
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
                StudioAudit.SignInLink(logger, SignInLink(address, token), (int)DevelopmentSignIn.Lifetime.TotalMinutes);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The link to open for a server listening at <paramref name="address"/>. A wildcard address
    /// (the default host <c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) is no place a browser can
    /// open, so the link names this machine's loopback address instead.
    /// </summary>
    internal static string SignInLink(string address, string token)
    {
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : binding.Host;
        return $"{binding.Scheme}://{host}:{binding.Port}{binding.PathBase}{StudioLayout.Prefix}/sign-in?token={token}";
    }
}
