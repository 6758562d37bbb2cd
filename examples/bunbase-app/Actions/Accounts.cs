using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

// Accounts are the runtime's accounts module ("accounts": { "enabled": true } in bunbase.config.json): sign-up with a
// mailed verification code, sign-in (password; GitHub when configured), password reset, MFA, sessions, API keys and
// organisations, under /_accounts (README, "Accounts"). The app keeps its own side of each account in users: a profile
// made from the module's account-created event, welcomed once, with an avatar.

/// <summary>The data of the accounts module's <c>account-created</c> event.</summary>
/// <param name="AccountId">The account's id: the session's user id.</param>
/// <param name="Email">The email, normalised.</param>
/// <param name="Name">The name given at sign-up (or by the provider), if any.</param>
/// <param name="EmailVerified">Whether the email was verified when the account was made (provider sign-ins).</param>
public sealed record AccountCreated([Required] string AccountId, [Required] string Email, string? Name, bool EmailVerified);

[Action("create-user-profile", Description = "Makes the users row of a new account and queues its welcome (the accounts module's account-created event)", Tags = ["users"])]
[On("account-created")]
public sealed class CreateUserProfile : ActionHandler<AccountCreated, NoContent>
{
    public override async Task<NoContent> RunAsync(AccountCreated input, ActionContext context, CancellationToken cancellationToken)
    {
        // Events are delivered at least once: the row and its welcome job commit together, and only for the first delivery.
        await context.Db.TransactionAsync(async db =>
        {
            var name = string.IsNullOrWhiteSpace(input.Name) ? input.Email.Split('@')[0] : input.Name;
            var id = await db.QuerySingleOrDefaultAsync<long?>(
                "insert into users (account_id, email, name) values (@AccountId, @Email, @Name) on conflict do nothing returning id",
                new { input.AccountId, input.Email, Name = name },
                cancellationToken);
            if (id is { } created)
                await context.Queue.EnqueueAsync(new WelcomeUser.Input(created), cancellationToken: cancellationToken);
        }, cancellationToken: cancellationToken);
        return NoContent.Value;
    }
}

[Action("my-profile", Description = "The signed-in user's profile; 404 until it is made (just after sign-up)", Tags = ["users"])]
[Get("/me/profile")]
[Authenticated]
[ErrorResponses(404)]
public sealed class MyProfile : ActionHandler<MyProfile.Input, UserView>
{
    public sealed record Input;

    public override async Task<UserView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QuerySingleOrDefaultAsync<UserView>(
            "select id, name, email, welcomed_at from users where account_id = @Id", new { context.Auth.User!.Id }, cancellationToken)
        ?? throw new NotFoundException("This account's profile is not made yet; try again in a moment.", "profile_not_ready");
}

[Action("sign-out-everywhere", Description = "Ends every session of the signed-in user, on every instance (this one included)", Tags = ["users"])]
[Post("/auth/sign-out-everywhere", Status = 204)]
[Authenticated(AllowApiKeys = false)] // an API key must not end its owner's sessions: only a signed-in session
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
