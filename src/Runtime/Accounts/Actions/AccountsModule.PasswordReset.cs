using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>Mails a password reset code; the same 202 and the same hashing for every email.</summary>
    [Action("request-password-reset", Description = "Mails a password reset code; the same 202 whether or not the email has an account")]
    [Post("/password-reset", Status = 202)]
    [AllowAnonymous]
    [RateLimit(10, Per = "1m", By = RateLimitKey.Ip)]
    internal sealed class RequestPasswordReset(AccountStore store, AccountCodes codes, AccountsSettings settings) : ActionHandler<RequestPasswordReset.Input, Accepted>
    {
        public sealed record Input([Required, AccountEmail, StringLength(254)] string Email);

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
    /// email (the code proves the mailbox), ends every session of the account and revokes its API keys.
    /// </summary>
    [Action("reset-password", Description = "Sets a new password with a mailed code, ends every session and revokes every API key; 400 code_invalid for a wrong, used or expired code (and for an unknown email)")]
    [Post("/password-reset/confirm")]
    [AllowAnonymous]
    [ErrorResponses(400)]
    internal sealed class ResetPassword(AccountStore store, AccountCodes codes, AccountSessions sessions, ApiKeys keys) : ActionHandler<ResetPassword.Input, NoContent>
    {
        public sealed record Input(
            [Required, AccountEmail, StringLength(254)] string Email,
            [Required, StringLength(32)] [property: Sensitive] string Code,
            [Required, StringLength(128, MinimumLength = 10)] string Password);

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            IReadOnlyList<string>? revokedKeys = null;
            var reset = await context.Db.TransactionAsync<string?>(async db =>
            {
                var account = await store.FindByEmailAsync(db, context.Auth.NormalizeIdentifier(input.Email), cancellationToken).ConfigureAwait(false);
                if (!await codes.ConsumeAsync(db, account?.Id, AccountCodes.ResetPassword, input.Code, cancellationToken).ConfigureAwait(false))
                    return null; // committed, so a wrong guess stays counted
                await store.SetPasswordHashAsync(db, account!.Id, context.Auth.HashPassword(input.Password), cancellationToken).ConfigureAwait(false);
                if (await store.MarkVerifiedAsync(db, account.Id, cancellationToken).ConfigureAwait(false))
                    await AccountEvents.VerifiedAsync(context, account, cancellationToken).ConfigureAwait(false);
                await sessions.EndAllAsync(db, account.Id, cancellationToken).ConfigureAwait(false);
                // A reset is the way back after a compromise: keys made by whoever had the password go too.
                revokedKeys = await keys.RevokeAllAsync(db, account.Id, cancellationToken).ConfigureAwait(false);
                return account.Id;
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reset is null)
                throw CodeInvalid();
            // After the commit: on the embedded file the revocation is written by another connection, which would wait for this transaction.
            keys.Forget(revokedKeys!);
            await context.Auth.SignOutEverywhereAsync(reset, cancellationToken).ConfigureAwait(false);
            return NoContent.Value;
        }
    }
}
