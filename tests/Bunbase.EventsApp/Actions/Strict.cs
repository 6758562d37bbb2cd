using System.ComponentModel.DataAnnotations;

namespace Bunbase.EventsApp.Actions;

/// <summary><c>strict-thing</c> events whose data must hold a count from 1 to 10: anything else is parked at once.</summary>
[Action("strict")]
[On("strict-thing")]
public sealed class Strict : ActionHandler<Strict.Input, NoContent>
{
    public sealed record Input([Range(1, 10)] int Count);

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await Runs.RecordAsync(context, cancellationToken);
        return NoContent.Value;
    }
}
