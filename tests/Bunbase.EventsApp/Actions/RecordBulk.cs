namespace Bunbase.EventsApp.Actions;

/// <summary>Every event of the <c>bulk</c> category, recorded.</summary>
[Action("record-bulk")]
[On(Category = "bulk")]
public sealed class RecordBulk : ActionHandler<RecordBulk.Input, NoContent>
{
    public sealed record Input(int N);

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await Runs.RecordAsync(context, cancellationToken);
        return NoContent.Value;
    }
}
