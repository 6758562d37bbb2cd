namespace Bunbase.Runtime.Pipeline;

/// <summary>How a failure is logged where it is answered.</summary>
internal enum ErrorLogging
{
    /// <summary>Not logged: the caller's mistake, a refusal, or the caller went away.</summary>
    None,

    /// <summary>A dependency outage: counted and summarised once per interval, not a stack trace per failure.</summary>
    Outage,

    /// <summary>A handler returned an output that fails its own validation: a server bug, logged with the field errors.</summary>
    InvalidOutput,

    /// <summary>Anything unforeseen: logged as an error with its stack trace.</summary>
    Unhandled,
}
