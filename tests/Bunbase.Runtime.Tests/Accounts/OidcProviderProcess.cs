using System.Diagnostics;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>A real OpenID Connect provider on loopback (<c>tests/openapi-tools/oidc-provider.mjs</c>, the npm <c>oauth2-mock-server</c>) in a process of its own.</summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    private readonly Process _process;

    private OidcProviderProcess(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<OidcProviderProcess> StartAsync()
    {
        if (!File.Exists(Path.Combine(NodeTools.Directory, "node_modules", ".package-lock.json")))
            throw new InvalidOperationException($"{NodeTools.Directory} has no node_modules: run npm ci there.");
        var start = new ProcessStartInfo("node") { WorkingDirectory = NodeTools.Directory, RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        start.ArgumentList.Add("oidc-provider.mjs");
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the OIDC provider exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
        return new OidcProviderProcess(process, line["listening ".Length..]);
    }

    /// <summary>Sets the claims of the next tokens (<c>sub</c>, <c>email</c>, <c>email_verified</c>, and <c>nonce</c> to replace the nonce).</summary>
    public async Task IdentifyAsync(object claims)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(claims));
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("ok", await _process.StandardOutput.ReadLineAsync(timeout.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await NodeTools.StopAsync(_process);
    }
}
