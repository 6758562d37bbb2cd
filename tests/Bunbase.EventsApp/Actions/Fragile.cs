namespace Bunbase.EventsApp.Actions;

/// <summary><c>fragile-thing</c> events fail until a <c>switches</c> row named <c>fixed</c> exists: a cause an operator fixes.</summary>
[Action("fragile")]
[On("fragile-thing")]
public sealed class Fragile : ActionHandler<Fragile.Input, NoContent>
{
    public sealed record Input(string Key);

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        if (await context.Db.ExecuteScalarAsync<long>("select count(*) from switches where name = 'fixed'", null, cancellationToken) == 0)
            throw new InvalidOperationException($"not fixed yet ({input.Key}, attempt {context.Event!.Attempt})");
        await Runs.RecordAsync(context, cancellationToken);
        return NoContent.Value;
    }
}
