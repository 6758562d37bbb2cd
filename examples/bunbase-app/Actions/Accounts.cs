using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

// Accounts: sign-up, sign-in, who am I, sign-out. Sessions are cookies for browsers, or the returned
// token sent as "Authorization: Bearer" by other clients.

/// <summary>A stored account; the password is kept only as a hash, and never returned.</summary>
public sealed record Account(long Id, string Email, string Name, string PasswordHash, DateTimeOffset CreatedAt);

/// <summary>
/// Where accounts are kept: the <c>users</c> table (migrations/0001_create_users.sql). Emails are
/// stored and looked up as <c>ctx.Auth.NormalizeIdentifier</c> gives them (trimmed, Unicode NFC,
/// case-folded), the form sign-in throttling counts under: one email, one account, however it is typed.
/// </summary>
public static class Accounts
{
    private const string Columns = "id, email, name, password_hash, created_at";

    public static Task<Account?> FindByEmail(ActionContext context, string email, CancellationToken cancellationToken) =>
        context.Db.QuerySingleOrDefaultAsync<Account>($"select {Columns} from users where email = @email", new { email = context.Auth.NormalizeIdentifier(email) }, cancellationToken);

    /// <returns>The new account, or null when the email is taken.</returns>
    public static Task<Account?> Add(ActionContext context, string email, string name, string passwordHash, CancellationToken cancellationToken) =>
        context.Db.QuerySingleOrDefaultAsync<Account>(
            $"insert into users (email, name, password_hash) values (@email, @name, @passwordHash) on conflict (email) do nothing returning {Columns}",
            new { email = context.Auth.NormalizeIdentifier(email), name, passwordHash },
            cancellationToken);

    public static Task<Account?> FindById(ActionContext context, string id, CancellationToken cancellationToken) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var key)
            ? context.Db.QuerySingleOrDefaultAsync<Account>($"select {Columns} from users where id = @key", new { key }, cancellationToken)
            : Task.FromResult<Account?>(null);

    public static Task SetPasswordHash(ActionContext context, Account account, string passwordHash, CancellationToken cancellationToken) =>
        context.Db.ExecuteAsync("update users set password_hash = @passwordHash where id = @Id", new { account.Id, passwordHash }, cancellationToken);
}

/// <summary>The signed-in user, as the session says.</summary>
public sealed record Me(string Id, string Email, string Name, IReadOnlyList<string> Roles);

/// <summary>A new session: the cookie is set too; <c>Token</c> is for clients that send <c>Authorization: Bearer</c>.</summary>
public sealed record SignedIn(Me User, string Token, DateTimeOffset ExpiresAt)
{
    public static async Task<SignedIn> Start(ActionContext context, Account account, CancellationToken cancellationToken)
    {
        var user = new SessionUser(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Roles = ["member"],
            Claims = new Dictionary<string, string> { ["email"] = account.Email, ["name"] = account.Name },
        };
        var session = await context.Auth.SignInAsync(user, cancellationToken);
        return new SignedIn(new Me(user.Id, account.Email, account.Name, user.Roles), session.Token, session.Session.ExpiresAt);
    }
}

[Action("sign-up", Description = "Creates an account and signs it in; 409 when the email is taken", Tags = ["accounts"])]
[Post("/auth/sign-up", Status = 201)]
[RateLimit(5, Per = "1m", By = RateLimitKey.Ip)]
[ErrorResponses(409)]
[SignsIn]
public sealed class SignUp : ActionHandler<SignUp.Input, SignedIn>
{
    public sealed record Input(
        [Required, EmailAddress, StringLength(254)] string Email,
        [Required, StringLength(128, MinimumLength = 10)] string Password,
        [Required, StringLength(100, MinimumLength = 1)] string Name);

    public override async Task<SignedIn> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // The account and its welcome job commit together: no welcome for an account that was not created.
        var account = await context.Db.TransactionAsync(async _ =>
        {
            var account = await Accounts.Add(context, input.Email, input.Name, context.Auth.HashPassword(input.Password), cancellationToken)
                ?? throw new ConflictException("An account with this email exists; sign in instead.", "email_taken");
            await context.Queue.EnqueueAsync(new WelcomeUser.Input(account.Id), cancellationToken: cancellationToken);
            return account;
        });
        return await SignedIn.Start(context, account, cancellationToken);
    }
}

[Action("sign-in", Description = "Signs in with email and password; repeated failures are slowed down, then locked for a while", Tags = ["accounts"])]
[Post("/auth/sign-in")]
[RateLimit(20, Per = "1m", By = RateLimitKey.Ip)]
[SignsIn(VerifiesCredentials = true)] // documents its cookie, and VerifyCredentials' 401, 429 and 503
public sealed class SignIn : ActionHandler<SignIn.Input, SignedIn>
{
    public sealed record Input([Required, StringLength(254)] string Email, [Required, StringLength(128)] string Password);

    public override async Task<SignedIn> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var account = await Accounts.FindByEmail(context, input.Email, cancellationToken);

        // 429 while this email is throttled; 401 for a wrong password or an unknown email alike (and just as slow).
        var check = await context.Auth.VerifyCredentialsAsync(input.Email, account?.PasswordHash, input.Password, cancellationToken);
        if (check == PasswordVerification.SucceededRehashNeeded)
            await Accounts.SetPasswordHash(context, account!, context.Auth.HashPassword(input.Password), cancellationToken);
        return await SignedIn.Start(context, account!, cancellationToken);
    }
}

[Action("me", Description = "The signed-in user", Tags = ["accounts"])]
[Get("/me")]
[Authenticated]
public sealed class GetMe : ActionHandler<GetMe.Input, Me>
{
    public sealed record Input;

    public override async Task<Me> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var user = context.Auth.User!;
        if (user.Claims.TryGetValue("email", out var email) && user.Claims.TryGetValue("name", out var name))
            return new Me(user.Id, email, name, user.Roles);

        // A session without the claims sign-in puts there (issued by an earlier version of the app, say): the account has them.
        var account = await Accounts.FindById(context, user.Id, cancellationToken)
            ?? throw new UnauthorizedException("The session's account no longer exists; sign in again.", "account_not_found");
        return new Me(user.Id, account.Email, account.Name, user.Roles);
    }
}

[Action("sign-out", Description = "Ends the session (on every instance) and deletes the cookie", Tags = ["accounts"])]
[Post("/auth/sign-out", Status = 204)]
[SignsOut]
public sealed class SignOut : ActionHandler<SignOut.Input, SignOut.Output>
{
    public sealed record Input;

    public sealed record Output;

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Auth.SignOutAsync(cancellationToken);
        return new Output();
    }
}

[Action("sign-out-everywhere", Description = "Ends every session of the signed-in user, on every instance (this one included)", Tags = ["accounts"])]
[Post("/auth/sign-out-everywhere", Status = 204)]
[Authenticated]
public sealed class SignOutEverywhere : ActionHandler<SignOutEverywhere.Input, SignOutEverywhere.Output>
{
    public sealed record Input;

    public sealed record Output;

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // After a password change, or on a lost device: sessions on other devices end too.
        await context.Auth.SignOutEverywhereAsync(context.Auth.User!.Id, cancellationToken);
        await context.Auth.SignOutAsync(cancellationToken);
        return new Output();
    }
}
