using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Accounts;

/// <summary>Creates the accounts tables at start (idempotent, on every instance); the OIDC providers and GitHub settings are checked as they are created.</summary>
internal sealed class AccountsStartup(Database database, Oidc.OidcProviders providers, GitHub.GitHubProvider github) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        providers is null || github is null ? Task.CompletedTask : RuntimeSchema.EnsureAsync(database, AccountsSchema.Ddl, AccountsSchema.Ddl, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
