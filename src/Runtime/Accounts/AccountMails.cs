namespace Bunbase.Runtime.Accounts;

/// <summary>
/// The mails of the module, sent with <c>ctx.Mail</c> in the invocation's transaction. Their default templates
/// ship with the runtime; a file of the same name in the app's <c>mail.templatesPath</c> replaces one
/// (<c>accounts-verify-email.subject</c>, <c>.txt</c>, <c>.html</c>). Data: <c>email</c>, <c>code</c>, <c>minutes</c>.
/// </summary>
internal static class AccountMails
{
    public const string VerifyEmail = "accounts-verify-email";
    public const string ResetPassword = "accounts-reset-password";
    public const string AlreadyRegistered = "accounts-already-registered";
    public const string OrgInvite = "accounts-org-invite";

    /// <summary>The built-in template files, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Templates { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [VerifyEmail + ".subject"] = "Your verification code: {{ code }}",
        [VerifyEmail + ".txt"] = """
            Hello,

            to verify {{ email }}, enter this code: {{ code }}

            It works once, for {{ minutes }} minutes. If you did not sign up, ignore this message.
            """,
        [VerifyEmail + ".html"] = """
            <p>Hello,</p>
            <p>to verify {{ email }}, enter this code: <b>{{ code }}</b></p>
            <p>It works once, for {{ minutes }} minutes. If you did not sign up, ignore this message.</p>
            """,
        [ResetPassword + ".subject"] = "Your password reset code: {{ code }}",
        [ResetPassword + ".txt"] = """
            Hello,

            to choose a new password for {{ email }}, enter this code: {{ code }}

            It works once, for {{ minutes }} minutes. If you did not ask for it, ignore this message: your password stays as it is.
            """,
        [ResetPassword + ".html"] = """
            <p>Hello,</p>
            <p>to choose a new password for {{ email }}, enter this code: <b>{{ code }}</b></p>
            <p>It works once, for {{ minutes }} minutes. If you did not ask for it, ignore this message: your password stays as it is.</p>
            """,
        [OrgInvite + ".subject"] = "You are invited to join {{ org }}",
        [OrgInvite + ".txt"] = """
            Hello,

            you are invited to join {{ org }} as {{ role }}. Sign in with {{ email }} and accept with this token:

            {{ token }}

            It works once, for {{ days }} days.
            """,
        [OrgInvite + ".html"] = """
            <p>Hello,</p>
            <p>you are invited to join {{ org }} as {{ role }}. Sign in with {{ email }} and accept with this token:</p>
            <p><code>{{ token }}</code></p>
            <p>It works once, for {{ days }} days.</p>
            """,
        [AlreadyRegistered + ".subject"] = "You already have an account",
        [AlreadyRegistered + ".txt"] = """
            Hello,

            someone (perhaps you) tried to sign up with {{ email }}, which already has an account.
            Sign in instead, or reset your password if you forgot it. If it was not you, ignore this message.
            """,
        [AlreadyRegistered + ".html"] = """
            <p>Hello,</p>
            <p>someone (perhaps you) tried to sign up with {{ email }}, which already has an account.
            Sign in instead, or reset your password if you forgot it. If it was not you, ignore this message.</p>
            """,
    };

    public static Task SendCodeAsync(ActionContext context, string template, string email, string code, AccountsSettings settings, CancellationToken cancellationToken) =>
        context.Mail.SendAsync(
            new MailMessage { To = [email], Template = template, Data = Values(("email", email), ("code", code), ("minutes", ((long)settings.CodeExpiresIn.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture))) },
            cancellationToken);

    public static Task SendAlreadyRegisteredAsync(ActionContext context, string email, CancellationToken cancellationToken) =>
        context.Mail.SendAsync(new MailMessage { To = [email], Template = AlreadyRegistered, Data = Values(("email", email)) }, cancellationToken);

    /// <remarks>
    /// The organisation's name is made one line: names are refused with a line break at input now, but one stored before
    /// would otherwise fail every invitation of its organisation (a line break in the subject is refused by the mailer).
    /// </remarks>
    public static Task SendInviteAsync(ActionContext context, string email, string org, string role, string token, AccountsSettings settings, CancellationToken cancellationToken) =>
        context.Mail.SendAsync(
            new MailMessage { To = [email], Template = OrgInvite, Data = Values(("email", email), ("org", SingleLineAttribute.ToSingleLine(org)), ("role", role), ("token", token), ("days", ((long)settings.InviteExpiresIn.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture))) },
            cancellationToken);

    // A dictionary, not an anonymous object: the runtime's JSON options require constructor parameters, which anonymous types cannot satisfy.
    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
