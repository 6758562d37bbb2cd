using System.Data;
using System.Data.Common;
using Dapper;

namespace Bunbase.Runtime.Data;

/// <summary><c>ctx.Db.Primary</c>: the invocation's session with every statement sent to the primary.</summary>
internal sealed class PrimaryDatabase(DatabaseSession session) : DapperDatabase
{
    public override DatabaseBackend Backend => session.Backend;

    public override ISqlDatabase Primary => this;

    public override Task<TResult> TransactionAsync<TResult>(Func<ISqlDatabase, Task<TResult>> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default) =>
        session.TransactionAsync(work, isolationLevel, cancellationToken);

    protected internal override Task<T> Run<T>(string sql, object? parameters, CancellationToken cancellationToken, Func<DbConnection, CommandDefinition, Task<T>> dapper) =>
        session.Run(sql, parameters, cancellationToken, primary: true, dapper);
}
