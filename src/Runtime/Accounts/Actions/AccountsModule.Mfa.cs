using System.ComponentModel.DataAnnotations;
using Bunbase.Runtime.Accounts.Mfa;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>Starts a TOTP enrolment: a new secret and its <c>otpauth://</c> URI; not active until confirmed with a first code.</summary>
    [Action("mfa-enroll", Description = "Starts a TOTP enrolment: the secret and its otpauth:// URI for an authenticator app (active once confirmed with a code)")]
    [Post("/mfa/enroll")]
    [Authenticated]
    [ErrorResponses(409)]
    internal sealed class MfaEnroll(TotpFactors factors, AccountStore store, AccountsSettings settings) : ActionHandler<MfaEnroll.Input, MfaEnroll.Output>
    {
        public sealed record Input;

        public sealed record Output(string Secret, [property: Sensitive] string Uri);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var accountId = SessionAccount(context);
            if (await factors.IsEnabledAsync(context.Db, accountId, cancellationToken).ConfigureAwait(false))
                throw AlreadyEnabled();
            var account = await store.FindByIdAsync(context.Db, accountId, cancellationToken).ConfigureAwait(false)
                ?? throw new UnauthorizedException();
            var secret = await factors.EnrolAsync(context.Db, accountId, cancellationToken).ConfigureAwait(false)
                ?? throw AlreadyEnabled();
            var issuer = Uri.EscapeDataString(settings.MfaIssuer);
            var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(account.Email)}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30";
            return new Output(secret, uri);
        }
    }

    /// <summary>Activates the pending enrolment with a first valid code; answers the 10 backup codes, shown this once.</summary>
    [Action("mfa-confirm", Description = "Activates TOTP with a first valid code; answers the backup codes (shown once)")]
    [Post("/mfa/confirm")]
    [Authenticated]
    [ErrorResponses(400)]
    internal sealed class MfaConfirm(TotpFactors factors, AccountSessions sessions) : ActionHandler<MfaConfirm.Input, MfaConfirm.Output>
    {
        public sealed record Input([Required, StringLength(20)] [property: Sensitive] string Code);

        public sealed record Output([property: Sensitive] IReadOnlyList<string> BackupCodes);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var accountId = SessionAccount(context);
            var codes = await factors.ConfirmAsync(context.Db, accountId, input.Code, cancellationToken).ConfigureAwait(false)
                ?? throw MfaCodeInvalid();
            await sessions.MarkMfaAsync(context.Db, context.Auth.Session!.Id, cancellationToken).ConfigureAwait(false);
            return new Output(codes);
        }
    }

    /// <summary>The second sign-in step: the challenge token of the first step with a TOTP code or a backup code.</summary>
    [Action("sign-in-mfa", Description = "Second sign-in step for an account with MFA: the mfaToken of sign-in with a TOTP code or a backup code")]
    [Post("/sign-in/mfa")]
    [AllowAnonymous]
    [ErrorResponses(400)]
    [SignsIn]
    internal sealed class SignInMfa(TotpFactors factors, AccountSessions sessions, AccountStore store) : ActionHandler<SignInMfa.Input, SignedInView>
    {
        public sealed record Input([Required, StringLength(100)] string MfaToken, [Required, StringLength(20)] [property: Sensitive] string Code);

        public override async Task<SignedInView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var challenge = await sessions.ChallengeAsync(context.Db, input.MfaToken, cancellationToken).ConfigureAwait(false)
                ?? throw new BadRequestException("mfa_challenge_invalid", "This sign-in expired or was used: sign in again.");
            if (!await factors.VerifyAsync(context.Db, challenge.AccountId, input.Code, cancellationToken).ConfigureAwait(false))
                throw MfaCodeInvalid();
            if (!await sessions.UseChallengeAsync(context.Db, challenge.Id, cancellationToken).ConfigureAwait(false))
                throw new BadRequestException("mfa_challenge_invalid", "This sign-in expired or was used: sign in again.");
            var account = await store.FindByIdAsync(context.Db, challenge.AccountId, cancellationToken).ConfigureAwait(false)
                ?? throw new BadRequestException("mfa_challenge_invalid", "This sign-in expired or was used: sign in again.");
            return await sessions.StartAsync(context, account, challenge.UserAgent, mfa: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Step-up: a current code (or a backup code) marks the caller's session as having just passed MFA.</summary>
    [Action("mfa-step-up", Description = "Step-up: a TOTP or backup code marks the caller's session as MFA-checked now (for [RequireRecentMfa] actions)")]
    [Post("/mfa/step-up")]
    [Authenticated]
    [ErrorResponses(400)]
    internal sealed class MfaStepUp(TotpFactors factors, AccountSessions sessions) : ActionHandler<MfaStepUp.Input, NoContent>
    {
        public sealed record Input([Required, StringLength(20)] [property: Sensitive] string Code);

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var accountId = SessionAccount(context);
            if (!await factors.VerifyAsync(context.Db, accountId, input.Code, cancellationToken).ConfigureAwait(false))
                throw MfaCodeInvalid();
            await sessions.MarkMfaAsync(context.Db, context.Auth.Session!.Id, cancellationToken).ConfigureAwait(false);
            return NoContent.Value;
        }
    }

    /// <summary>Turns MFA off; needs a current code (or a backup code).</summary>
    [Action("mfa-disable", Description = "Turns MFA off (needs a current TOTP or backup code)")]
    [Post("/mfa/disable")]
    [Authenticated]
    [ErrorResponses(400)]
    internal sealed class MfaDisable(TotpFactors factors) : ActionHandler<MfaDisable.Input, NoContent>
    {
        public sealed record Input([Required, StringLength(20)] [property: Sensitive] string Code);

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var accountId = SessionAccount(context);
            if (!await factors.VerifyAsync(context.Db, accountId, input.Code, cancellationToken).ConfigureAwait(false))
                throw MfaCodeInvalid();
            await factors.DisableAsync(context.Db, accountId, cancellationToken).ConfigureAwait(false);
            return NoContent.Value;
        }
    }

    /// <summary>The caller's account: a signed-in session's (second factors are managed from a session; <see cref="ApiKeyAccess"/> refuses API keys).</summary>
    private static string SessionAccount(ActionContext context) => context.Auth.User!.Id;

    private static ConflictException AlreadyEnabled() => new("MFA is already on; disable it first to enrol another authenticator.", "mfa_already_enabled");

    private static BadRequestException MfaCodeInvalid() =>
        new("mfa_code_invalid", "The code is wrong, already used, or too many wrong codes were tried: wait for the next code (or try again later).");
}
