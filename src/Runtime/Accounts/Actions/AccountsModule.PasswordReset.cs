using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>Mails a password reset code; the same 202 and the same hashing for every email.</summary>
    [Action("request-password-reset", Description = "Mails a password reset code; the same 202 whether or not the email has an account")]
    [Post("/password-reset", Status = 202)]
    [RateLimit(10, Per = "1m", By = RateLimitKey.Ip)]
    internal sealed class RequestPasswordReset(AccountStore store, AccountCodes codes, AccountsSettings settings) : ActionHandler<RequestPasswordReset.Input, Accepted>
    {
        public sealed record Input([Required, EmailAddress, StringLength(254)] string Email);

        public override async Task<Accepted> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var email = context.Auth.NormalizeIdentifier(input.Email);
            await context.Db.TransactionAsync(async db =>
            {
                var account = await store.FindByEmailAsync(db, email, cancellationToken).ConfigureAwait(false);
                if (account is null)
                {
                    codes.IssueNothing();
                    return;
                }

                var code = await codes.IssueAsync(db, account.Id, AccountCodes.ResetPassword, cancellationToken).ConfigureAwait(false);
                await AccountMails.SendCodeAsync(context, AccountMails.ResetPassword, email, code, settings, cancellationToken).ConfigureAwait(false);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Accepted.CheckYourMail;
        }
    }

    /// <summary>
    /// Sets a new password with a mailed reset code (single use, expiring, attempt-limited). It also verifies the
    /// email (the code proves the mailbox) and ends every session of the account.
    /// </summary>
    [Action("reset-password", Description = "Sets a new password with a mailed code and ends every session; 400 code_invalid for a wrong, used or expired code (and for an unknown email)")]
    [Post("/password-reset/confirm")]
    [ErrorResponses(400)]
    internal sealed class ResetPassword(AccountStore store, AccountCodes codes, AccountSessions sessions) : ActionHandler<ResetPassword.Input, NoContent>
    {
        public sealed record Input(
            [Required, StringLength(254)] string Email,
            [Required, StringLength(32)] [property: Sensitive] string Code,
            [Required, StringLength(128, MinimumLength = 10)] string Password);

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var account = await store.FindByEmailAsync(context.Db, context.Auth.NormalizeIdentifier(input.Email), cancellationToken).ConfigureAwait(false);
            if (!await codes.ConsumeAsync(context.Db, account?.Id, AccountCodes.ResetPassword, input.Code, cancellationToken).ConfigureAwait(false))
                throw CodeInvalid();
            var hash = context.Auth.HashPassword(input.Password);
            await store.SetPasswordHashAsync(context.Db, account!.Id, hash, cancellationToken).ConfigureAwait(false);
            await store.MarkVerifiedAsync(context.Db, account.Id, cancellationToken).ConfigureAwait(false);
            await context.Auth.SignOutEverywhereAsync(account.Id, cancellationToken).ConfigureAwait(false);
            await sessions.EndAllAsync(context.Db, account.Id, cancellationToken).ConfigureAwait(false);
            return NoContent.Value;
        }
    }
}
