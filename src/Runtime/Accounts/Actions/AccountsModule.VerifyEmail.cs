using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>Verifies an email with the code mailed to it: single use, expiring, burned after <c>accounts.codeAttempts</c> wrong guesses.</summary>
    [Action("verify-email", Description = "Verifies an email with its mailed code; 400 code_invalid for a wrong, used or expired code (and for an unknown email)")]
    [Post("/verify-email")]
    [AllowAnonymous]
    [ErrorResponses(400)]
    internal sealed class VerifyEmail(AccountStore store, AccountCodes codes) : ActionHandler<VerifyEmail.Input, VerifyEmail.Output>
    {
        public sealed record Input([Required, AccountEmail, StringLength(254)] string Email, [Required, StringLength(32)] [property: Sensitive] string Code);

        public sealed record Output(bool Verified);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var verified = await context.Db.TransactionAsync(async db =>
            {
                var account = await store.FindByEmailAsync(db, context.Auth.NormalizeIdentifier(input.Email), cancellationToken).ConfigureAwait(false);
                if (!await codes.ConsumeAsync(db, account?.Id, AccountCodes.VerifyEmail, input.Code, cancellationToken).ConfigureAwait(false))
                    return false; // committed, so a wrong guess stays counted
                if (await store.MarkVerifiedAsync(db, account!.Id, cancellationToken).ConfigureAwait(false))
                    await AccountEvents.VerifiedAsync(context, account, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return verified ? new Output(true) : throw CodeInvalid();
        }
    }

    /// <summary>Mails a new verification code (burning the previous one); the same 202 for every email.</summary>
    [Action("send-verification", Description = "Mails a new verification code; the same 202 whether or not the email has an unverified account")]
    [Post("/verify-email/send", Status = 202)]
    [AllowAnonymous]
    [RateLimit(10, Per = "1m", By = RateLimitKey.Ip)]
    internal sealed class SendVerification(AccountStore store, AccountCodes codes, AccountsSettings settings) : ActionHandler<SendVerification.Input, Accepted>
    {
        public sealed record Input([Required, AccountEmail, StringLength(254)] string Email);

        public override async Task<Accepted> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var email = context.Auth.NormalizeIdentifier(input.Email);
            await context.Db.TransactionAsync(async db =>
            {
                var account = await store.FindByEmailAsync(db, email, cancellationToken).ConfigureAwait(false);
                if (account is null || account.EmailVerified)
                {
                    codes.IssueNothing();
                    return;
                }

                var code = await codes.IssueAsync(db, account.Id, AccountCodes.VerifyEmail, cancellationToken).ConfigureAwait(false);
                await AccountMails.SendCodeAsync(context, AccountMails.VerifyEmail, email, code, settings, cancellationToken).ConfigureAwait(false);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Accepted.CheckYourMail;
        }
    }

    private static BadRequestException CodeInvalid() =>
        new("code_invalid", "The code is wrong, used or expired: ask for a new one.");
}
