namespace Bunbase.Runtime.Pipeline;

/// <summary>What started an invocation: the run log and metrics record it.</summary>
internal enum InvocationTrigger
{
    Http,
    Call,
    Job,
    Cron,
}
