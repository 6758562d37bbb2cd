namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>The outcome of checking a token: a ticket, or why there is none.</summary>
internal readonly record struct TokenCheck(SessionTicket? Ticket, SessionFailure Failure)
{
    public static TokenCheck Valid(SessionTicket ticket) => new(ticket, SessionFailure.None);

    public static TokenCheck Fails(SessionFailure failure) => new(null, failure);
}
