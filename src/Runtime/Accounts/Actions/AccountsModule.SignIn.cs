using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>
    /// Signs in with email and password, throttled per email as <c>ctx.Auth.VerifyCredentialsAsync</c> does
    /// (401 <c>invalid_credentials</c> for a wrong password and an unknown email alike). With
    /// <c>accounts.requireVerifiedEmail</c>, a right password on an unverified email is 403 <c>email_not_verified</c>.
    /// </summary>
    [Action("sign-in", Description = "Signs in with email and password: sets the session cookie and returns the token")]
    [Post("/sign-in")]
    [AllowAnonymous]
    [ErrorResponses(403)]
    [SignsIn(VerifiesCredentials = true)]
    internal sealed class SignIn(AccountStore store, AccountSessions sessions, AccountsSettings settings) : ActionHandler<SignIn.Input, SignedInView>
    {
        public sealed record Input(
            [Required, AccountEmail, StringLength(254)] string Email,
            [Required, StringLength(128)] string Password,
            [property: FromHeader("User-Agent")] string? UserAgent = null);

        public override async Task<SignedInView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var account = await store.FindByEmailAsync(context.Db, context.Auth.NormalizeIdentifier(input.Email), cancellationToken).ConfigureAwait(false);
            var verification = await context.Auth.VerifyCredentialsAsync(input.Email, account?.PasswordHash, input.Password, cancellationToken).ConfigureAwait(false);
            if (account is null)
                throw new UnauthorizedException("The email or the password is wrong.", "invalid_credentials");
            if (verification == PasswordVerification.SucceededRehashNeeded)
                await store.SetPasswordHashAsync(context.Db, account.Id, context.Auth.HashPassword(input.Password), cancellationToken).ConfigureAwait(false);
            if (settings.RequireVerifiedEmail && !account.EmailVerified)
                throw new ForbiddenException("Verify your email first: enter the code we mailed you (or ask for a new one).", "email_not_verified");
            return await sessions.SignInAsync(context, account, input.UserAgent, cancellationToken).ConfigureAwait(false);
        }
    }
}
