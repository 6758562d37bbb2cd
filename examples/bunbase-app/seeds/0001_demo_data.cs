using Bunbase;
using BunbaseApp.Actions;

namespace BunbaseApp.Seeds;

/// <summary>
/// Development data (`bunbase seed run`, once): an account to sign in with and a first note. A C# seed rather
/// than SQL because the account is the accounts module's (made as sign-up makes it, with its email verified, and
/// its account-created event, from which the app makes the users row), and the note goes through the create-note
/// action, so its validation applies. It runs in one transaction: all or nothing.
/// </summary>
[Seed("0001_demo_data")]
public sealed class DemoData(IAccountAdmin accounts) : DataSeed
{
    public const string Email = "demo@example.com";
    public const string Password = "demo-password";

    public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        await accounts.CreateAsync(context, new NewAccount(Email) { Password = Password, Name = "Demo", EmailVerified = true }, cancellationToken);
        await context.CallAsync(new CreateNote.Input("Welcome", $"Sign in as {Email} with the password {Password}."), cancellationToken);
    }
}
