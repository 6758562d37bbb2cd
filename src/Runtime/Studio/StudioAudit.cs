using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Studio;

/// <summary>The log lines of console actions: who did what, and how it ended (an invocation is in the run log under the admin's user id instead).</summary>
internal static partial class StudioAudit
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Studio: {User} {Change}: {Outcome}")]
    public static partial void Changed(ILogger logger, string user, string change, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Studio: {User} {Change} failed: {Error}")]
    public static partial void Failed(ILogger logger, string user, string change, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Studio (Development): open {Url} to sign in to the console once, for {Minutes} minutes (an admin session works too)")]
    public static partial void SignInLink(ILogger logger, string url, int minutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Studio: signed in with the Development start-up token")]
    public static partial void TokenUsed(ILogger logger);
}
