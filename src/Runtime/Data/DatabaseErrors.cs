using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// What a database error means, decided once for problem responses, metrics, the run log and job
/// retries: the database could not be reached (an outage: 503, worth retrying), or it refused text
/// it cannot store (the caller's input: 400, not worth retrying). Anything else is not classified here.
/// </summary>
internal static class DatabaseErrors
{
    private const int MaxInnerDepth = 8;

    /// <summary>
    /// The database could not be reached or is going away: connection refused or reset, no free
    /// connection in time, the server shutting down or starting (57P01-57P03), too many connections
    /// (53300), a connection exception (class 08). A statement the server answered with an error is not one.
    /// </summary>
    public static bool IsOutage(Exception exception)
    {
        for (var (e, depth) = (exception, 0); e is not null && depth < MaxInnerDepth; (e, depth) = (e.InnerException, depth + 1))
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql:
                    // Npgsql's own errors are transient when their cause is the network, a timeout or the pool.
                    return npgsql.IsTransient;
            }
        }

        return false;
    }

    /// <summary>
    /// PostgreSQL refused text it cannot store: a NUL character (22021), or a <c>\u0000</c> escape in JSON (22P05). Or Npgsql
    /// could not send it: half of a character (a lone UTF-16 surrogate, a string cut inside an emoji) has no UTF-8 form,
    /// and Npgsql's encoder throws while binding the parameter, before anything is sent.
    /// </summary>
    public static bool IsRefusedText(Exception exception)
    {
        for (var (e, depth) = (exception, 0); e is not null && depth < MaxInnerDepth; (e, depth) = (e.InnerException, depth + 1))
        {
            if (e is PostgresException postgres)
                return postgres.SqlState is PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter;
            if (e is System.Text.EncoderFallbackException && e.StackTrace?.Contains(" Npgsql.", StringComparison.Ordinal) == true)
                return true;
        }

        return false;
    }
}
