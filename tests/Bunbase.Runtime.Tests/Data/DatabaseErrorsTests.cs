using System.Net.Sockets;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Queue;
using Npgsql;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>One classification of database errors, read the same way by metrics, the run log and job retries.</summary>
public sealed class DatabaseErrorsTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "read cut off", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "admin shutdown", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "crash shutdown", Postgres(PostgresErrorCodes.CrashShutdown) },
        { "starting up", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "too many connections", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "connection failure", Postgres(PostgresErrorCodes.ConnectionFailure) },
        { "wrapped by a handler", new InvalidOperationException("could not save", Postgres(PostgresErrorCodes.AdminShutdown)) },
    };

    public static TheoryData<string, Exception> NotOutages => new()
    {
        { "unique violation", Postgres(PostgresErrorCodes.UniqueViolation) },
        { "statement timeout", Postgres(PostgresErrorCodes.QueryCanceled) },
        { "serialization failure", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "syntax error", Postgres(PostgresErrorCodes.SyntaxError) },
        { "a bug", new InvalidOperationException("oops") },
        { "a file the handler could not read", new IOException("disk") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_is_503_database_unavailable_and_worth_retrying(string what, Exception exception)
    {
        Assert.True(DatabaseErrors.IsOutage(exception), what);
        Assert.False(DatabaseErrors.IsRefusedText(exception), what);
        Assert.Equal(new ActionOutcome(ActionOutcome.Failed, "database_unavailable"), ActionOutcome.Of(exception, CancellationToken.None));
        Assert.True(RetryPolicy.IsRetryable(exception), what);
    }

    [Theory]
    [MemberData(nameof(NotOutages))]
    public void Other_database_errors_are_not_outages(string what, Exception exception)
    {
        Assert.False(DatabaseErrors.IsOutage(exception), what);
        Assert.NotEqual("database_unavailable", ActionOutcome.Of(exception, CancellationToken.None).ErrorType);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.CharacterNotInRepertoire)]
    [InlineData(PostgresErrorCodes.UntranslatableCharacter)]
    public void Text_the_database_refuses_is_the_caller_s_400_and_not_retried(string sqlState)
    {
        var exception = Postgres(sqlState);

        Assert.True(DatabaseErrors.IsRefusedText(exception));
        Assert.False(DatabaseErrors.IsOutage(exception));
        Assert.Equal(new ActionOutcome(ActionOutcome.Rejected, "invalid_text"), ActionOutcome.Of(exception, CancellationToken.None));
        Assert.False(RetryPolicy.IsRetryable(exception));
    }

    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);
}
