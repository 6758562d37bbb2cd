using System.ComponentModel.DataAnnotations;

namespace Bunbase.AccountsApp.Actions;

/// <summary>Creates an account from code with <see cref="IAccountAdmin"/> (as an import or an administrator would), then fails on request.</summary>
[Action("import-account")]
[Post("/import-account")]
[Authenticated]
public sealed class ImportAccount(IAccountAdmin accounts) : ActionHandler<ImportAccount.Input, ImportAccount.Output>
{
    public sealed record Input([StringLength(300)] string Email, [StringLength(200)] string? Password, string? Name, bool Verified, bool FailAfter = false);

    public sealed record Output(string Id);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Db.TransactionAsync(async _ =>
        {
            var id = await accounts.CreateAsync(context, new NewAccount(input.Email) { Password = input.Password, Name = input.Name, EmailVerified = input.Verified }, cancellationToken);
            return input.FailAfter ? throw new ConflictException("Failed after creating the account, on request.", "failed_after") : new Output(id);
        }, cancellationToken: cancellationToken);
}
