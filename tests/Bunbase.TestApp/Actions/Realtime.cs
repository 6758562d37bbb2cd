namespace Bunbase.TestApp.Actions;

// Channels for the realtime tests: one of each kind of guard, and an action that publishes.

[Action("realtime-publish")]
[Post("/realtime/publish")]
public sealed class PublishToChannel : ActionHandler<PublishToChannel.Input, PublishToChannel.Output>
{
    public sealed record Input(string Channel, string Event, string Text) : IActionInput<Output>;

    public sealed record Output(long Id);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Channels.PublishAsync(input.Channel, input.Event, new { input.Text, Length = input.Text.Length }, cancellationToken));
}

/// <summary>Publishes <c>Count</c> messages at once (parallel tasks of one handler), numbered in the data.</summary>
[Action("realtime-burst")]
[Post("/realtime/burst")]
public sealed class PublishBurst : ActionHandler<PublishBurst.Input, PublishBurst.Output>
{
    public sealed record Input(string Channel, [property: System.ComponentModel.DataAnnotations.Range(1, 100)] int Count);

    public sealed record Output(IReadOnlyList<long> Ids);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await Task.WhenAll(Enumerable.Range(0, input.Count).Select(n => context.Channels.PublishAsync(input.Channel, "burst", new { n }, cancellationToken))));
}

[Action("realtime-members")]
[Get("/realtime/members")]
public sealed class ChannelMembers : ActionHandler<ChannelMembers.Input, ChannelMembers.Output>
{
    public sealed record Input(string Channel);

    public sealed record Output(int Count, IReadOnlyList<ChannelMember> Members);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var members = await context.Channels.MembersAsync(input.Channel, cancellationToken);
        return new Output(members.Count, members);
    }
}

/// <summary>Anyone may subscribe.</summary>
[Channel("public:*")]
[AllowAnonymous]
public sealed class PublicChannels;

/// <summary>Signed-in users subscribe, publish and see each other.</summary>
[Channel("chat:*", ClientPublish = true, Presence = true)]
[Authenticated]
public sealed class ChatChannels;

/// <summary>Staff only.</summary>
[Channel("staff")]
[RequireRole("staff")]
public sealed class StaffChannel;

/// <summary><c>inbox:USER</c> is its user's only.</summary>
[Channel("inbox:*")]
[Authenticated]
public sealed class InboxChannels : ChannelGuard
{
    public override ValueTask<bool> AllowsAsync(ChannelRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(request.User is { } user && request.Channel == "inbox:" + user.Id);
}
