using System.ComponentModel.DataAnnotations;

namespace Bunbase.WebhooksApp.Actions;

/// <summary>Sends a webhook event inside a transaction, which it then rolls back when told to.</summary>
[Action("send")]
[Post("/send")]
public sealed class Send : ActionHandler<Send.Input, Send.Output>
{
    public sealed record Input([Required] string Type, string? Text = null, bool RollBack = false);

    public sealed record Output(string MessageId, int Deliveries);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var sent = await context.Db.TransactionAsync(async _ =>
        {
            var result = await context.Webhooks.SendAsync(input.Type, new { input.Text }, cancellationToken);
            if (input.RollBack)
                throw new ConflictException("rolled back on purpose", "rolled_back");
            return result;
        });
        return new Output(sent.MessageId, sent.Deliveries);
    }
}
