namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>
/// The one answer of the requests that must not tell whether an email has an account (sign-up, codes by mail):
/// the same for every email.
/// </summary>
/// <param name="Status">Always <c>check_your_mail</c>.</param>
internal sealed record Accepted(string Status)
{
    internal static Accepted CheckYourMail { get; } = new("check_your_mail");
}
