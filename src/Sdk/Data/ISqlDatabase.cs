using System.Data;

namespace Bunbase;

/// <summary>
/// <c>ctx.Db</c>: SQL with Dapper-style mapping, over PostgreSQL (<c>database.url</c>) or the
/// embedded SQLite file. One instance per invocation, so the runtime can route its reads.
/// </summary>
/// <remarks>
/// <para>Parameters are named <c>@name</c> and come from an object's properties (an anonymous
/// object, a record, a dictionary); values always travel as parameters, never as SQL text. Rows
/// map to the requested type by column name (<c>created_at</c> matches <c>CreatedAt</c>), to
/// settable properties or to a constructor whose parameters match the columns.</para>
/// <para>Reads (statements that only read: <c>SELECT</c>, <c>WITH ... SELECT</c>, <c>VALUES</c>,
/// <c>SHOW</c>) go to a read replica when <c>database.readReplicas</c> are configured and healthy;
/// everything else, everything inside <see cref="TransactionAsync{TResult}"/>, and every read made after
/// this invocation has written, goes to the primary. <see cref="Primary"/> forces the primary.</para>
/// <para>The methods are named like Dapper's (<c>QueryAsync</c>, <c>ExecuteAsync</c>, ...).
/// Cancellation defaults to the invocation's.</para>
/// </remarks>
public interface ISqlDatabase
{
    /// <summary>Which database engine serves this application.</summary>
    DatabaseBackend Backend { get; }

    /// <summary>The same database with every statement sent to the primary (no replica reads).</summary>
    ISqlDatabase Primary { get; }

    /// <summary>Runs a query and maps every row.</summary>
    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and maps its first row.</summary>
    /// <exception cref="InvalidOperationException">The query returned no row.</exception>
    Task<T> QueryFirstAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and maps its first row, or returns <see langword="default"/> when there is none.</summary>
    Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query that must return exactly one row and maps it.</summary>
    /// <exception cref="InvalidOperationException">The query returned no row or more than one.</exception>
    Task<T> QuerySingleAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query that returns at most one row and maps it, or returns <see langword="default"/>.</summary>
    /// <exception cref="InvalidOperationException">The query returned more than one row.</exception>
    Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a statement and returns the first column of its first row.</summary>
    Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a statement (or several, separated by <c>;</c>) and returns the number of rows affected.</summary>
    Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default);

#pragma warning disable RS0026 // Two overloads with optional parameters from the start: the work delegate's type tells them apart.
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on the primary: committed when it returns,
    /// rolled back when it throws (the exception propagates). The database handed to
    /// <paramref name="work"/> runs inside the transaction, and so does <c>ctx.Db</c> (and
    /// <c>ctx.Queue</c>) while it runs. Transactions do not nest: inside one, this runs
    /// <paramref name="work"/> in the transaction already open.
    /// </summary>
    /// <param name="work">The statements to run atomically.</param>
    /// <param name="isolationLevel">The isolation level.</param>
    /// <param name="cancellationToken">Defaults to the invocation's cancellation.</param>
    Task<TResult> TransactionAsync<TResult>(Func<ISqlDatabase, Task<TResult>> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="TransactionAsync{TResult}(Func{ISqlDatabase, Task{TResult}}, IsolationLevel, CancellationToken)"/>
    Task TransactionAsync(Func<ISqlDatabase, Task> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default);
#pragma warning restore RS0026
}
