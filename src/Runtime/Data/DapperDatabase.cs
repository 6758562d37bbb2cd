using System.Data;
using System.Data.Common;
using Dapper;

namespace Bunbase.Runtime.Data;

/// <summary>
/// The Dapper calls behind every <see cref="ISqlDatabase"/> method; subclasses decide where a
/// statement runs (<see cref="Run{T}"/>) and how a transaction starts.
/// </summary>
internal abstract class DapperDatabase : ISqlDatabase
{
    public abstract DatabaseBackend Backend { get; }

    public abstract ISqlDatabase Primary { get; }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var rows = await Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.QueryAsync<T>(d)).ConfigureAwait(false);
        return rows as IReadOnlyList<T> ?? [.. rows];
    }

    public Task<T> QueryFirstAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.QueryFirstAsync<T>(d));

    public Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.QueryFirstOrDefaultAsync<T>(d));

    public Task<T> QuerySingleAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.QuerySingleAsync<T>(d));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.QuerySingleOrDefaultAsync<T>(d));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.ExecuteScalarAsync<T>(d));

    public Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        Run(ListParameters.Rewrite(Backend, sql, parameters), parameters, cancellationToken, static (c, d) => c.ExecuteAsync(d));

    public abstract Task<TResult> TransactionAsync<TResult>(Func<ISqlDatabase, Task<TResult>> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default);

    public Task TransactionAsync(Func<ISqlDatabase, Task> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionAsync<bool>(
            async tx =>
            {
                await work(tx).ConfigureAwait(false);
                return true;
            },
            isolationLevel,
            cancellationToken);
    }

    /// <summary>Runs one statement where this database sends it.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="cancellationToken">The caller's token, or none for the invocation's.</param>
    /// <param name="dapper">The Dapper call to make on an open connection.</param>
    protected internal abstract Task<T> Run<T>(string sql, object? parameters, CancellationToken cancellationToken, Func<DbConnection, CommandDefinition, Task<T>> dapper);
}
