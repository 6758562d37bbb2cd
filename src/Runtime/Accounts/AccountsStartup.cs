using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Accounts;

/// <summary>Creates the accounts tables at start (idempotent, on every instance).</summary>
internal sealed class AccountsStartup(Database database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, AccountsSchema.Ddl, AccountsSchema.Ddl, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
