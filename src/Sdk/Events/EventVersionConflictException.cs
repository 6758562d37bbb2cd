namespace Bunbase;

/// <summary>
/// 409 <c>event_version_conflict</c>: a publish named an <see cref="EventOptions.ExpectedVersion"/>
/// the stream is not at. Nothing was written; read the stream again and decide.
/// </summary>
public sealed class EventVersionConflictException : ConflictException
{
    /// <summary>Creates the conflict.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="expectedVersion">The version the publish expected (0: no stream).</param>
    /// <param name="actualVersion">The stream's version when the publish was refused (0: no stream).</param>
    public EventVersionConflictException(string stream, long expectedVersion, long actualVersion)
        : base($"Stream '{stream}' is at version {actualVersion}, not {expectedVersion}.", "event_version_conflict")
    {
        Stream = stream;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The stream.</summary>
    public string Stream { get; }

    /// <summary>The version the publish expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The stream's version when the publish was refused.</summary>
    public long ActualVersion { get; }
}
