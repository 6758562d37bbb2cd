using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>
    /// Creates an account (email not yet verified) and mails a verification code. The answer is the same when
    /// the email already has an account (that address gets an "already registered" mail instead), and so is the
    /// work: the password is hashed and a code hashed either way.
    /// </summary>
    [Action("sign-up", Description = "Creates an account and mails a verification code; the same 202 whether or not the email has an account")]
    [Post("/sign-up", Status = 202)]
    [AllowAnonymous]
    [RateLimit(10, Per = "1m", By = RateLimitKey.Ip)]
    internal sealed class SignUp(AccountStore store, AccountCodes codes, AccountsSettings settings) : ActionHandler<SignUp.Input, Accepted>
    {
        public sealed record Input(
            [Required, AccountEmail, StringLength(254)] string Email,
            [Required, StringLength(128, MinimumLength = 10)] string Password,
            [StringLength(100), SingleLine] string? Name);

        public override async Task<Accepted> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var email = context.Auth.NormalizeIdentifier(input.Email);
            var hash = context.Auth.HashPassword(input.Password);
            await context.Db.TransactionAsync(async db =>
            {
                var account = await store.AddAsync(db, email, input.Name, hash, verified: false, cancellationToken).ConfigureAwait(false);
                if (account is null)
                {
                    codes.IssueNothing();
                    await AccountMails.SendAlreadyRegisteredAsync(context, email, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await AccountEvents.CreatedAsync(context, account, cancellationToken).ConfigureAwait(false);
                var code = await codes.IssueAsync(db, account.Id, AccountCodes.VerifyEmail, cancellationToken).ConfigureAwait(false);
                await AccountMails.SendCodeAsync(context, AccountMails.VerifyEmail, email, code, settings, cancellationToken).ConfigureAwait(false);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Accepted.CheckYourMail;
        }
    }
}
