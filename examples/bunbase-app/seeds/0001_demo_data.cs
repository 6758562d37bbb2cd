using Bunbase;
using BunbaseApp.Actions;

namespace BunbaseApp.Seeds;

/// <summary>
/// Development data (`bunbase seed run`, once): an account to sign in with and a first note. A C# seed
/// rather than SQL because the password must be hashed as sign-up hashes it, and the note goes through
/// the create-note action, so its validation applies. It runs in one transaction: all or nothing.
/// </summary>
[Seed("0001_demo_data")]
public sealed class DemoData : DataSeed
{
    public const string Email = "demo@example.com";
    public const string Password = "demo-password";

    public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        await Accounts.Add(context, Email, "Demo", context.Auth.HashPassword(Password), cancellationToken);
        await context.CallAsync(new CreateNote.Input("Welcome", $"Sign in as {Email} with the password {Password}."), cancellationToken);
    }
}
