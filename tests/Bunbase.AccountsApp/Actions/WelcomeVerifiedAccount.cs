using System.ComponentModel.DataAnnotations;

namespace Bunbase.AccountsApp.Actions;

/// <summary>The accounts module's <c>account-email-verified</c> event, as an app reads it.</summary>
public sealed record AccountEmailVerified([Required] string AccountId, [Required] string Email, string? Name, bool EmailVerified);

/// <summary>Handles <c>account-email-verified</c>: records the welcome (here: in the key-value store, for the test to read).</summary>
[Action("welcome-verified-account")]
[On("account-email-verified")]
public sealed class WelcomeVerifiedAccount : ActionHandler<AccountEmailVerified, NoContent>
{
    public override async Task<NoContent> RunAsync(AccountEmailVerified input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Kv.SetAsync("welcomed:" + input.AccountId, input.Email, TimeSpan.FromHours(1), cancellationToken);
        return NoContent.Value;
    }
}

/// <summary>Who <see cref="WelcomeVerifiedAccount"/> welcomed: the email, or 404.</summary>
[Action("welcomed")]
[Get("/welcomed/{id}")]
[AllowAnonymous]
public sealed class Welcomed : ActionHandler<Welcomed.Input, Welcomed.Output>
{
    public sealed record Input([StringLength(100)] string Id);

    public sealed record Output(string Email);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Kv.GetAsync<string>("welcomed:" + input.Id, cancellationToken) is { } email
            ? new Output(email)
            : throw new NotFoundException("Not welcomed (yet).", "not_welcomed");
}
