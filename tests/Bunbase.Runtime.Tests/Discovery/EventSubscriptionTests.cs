using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Discovery;

/// <summary><c>[On]</c> in the catalog: types and categories, and start-up errors for declarations that cannot work.</summary>
public sealed class EventSubscriptionTests
{
    [Fact]
    public void Types_and_categories_are_the_subscription_of_the_action()
    {
        var catalog = ActionDiscovery.Discover([typeof(Subscribers.ByTypeAndCategory), typeof(Subscribers.Plain)]);

        var subscription = catalog.ByName["by-type-and-category"].Subscription!;
        Assert.Equal(new[] { "note-created", "note-deleted" }, subscription.Types.AsEnumerable());
        Assert.Equal(new[] { "task" }, subscription.Categories.AsEnumerable());
        Assert.Null(catalog.ByName["plain"].Subscription);
    }

    [Fact]
    public void An_empty_type_a_bad_category_or_neither_is_a_startup_error_naming_the_action()
    {
        var message = Assert.Throws<StartupException>(() => ActionDiscovery.Discover([typeof(Subscribers.EmptyType), typeof(Subscribers.BadCategory), typeof(Subscribers.Neither)])).Message;

        Assert.Contains("Subscribers.EmptyType", message, StringComparison.Ordinal);
        Assert.Contains("[On(\"\")] event type must be", message, StringComparison.Ordinal);
        Assert.Contains("[On(Category = \"note-x\")] must be", message, StringComparison.Ordinal);
        Assert.Contains("Subscribers.Neither", message, StringComparison.Ordinal);
        Assert.Contains("exactly one of an event type", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_the_event_data_cannot_fill_is_a_startup_error()
    {
        var message = Assert.Throws<StartupException>(() => ActionDiscovery.Discover([typeof(Subscribers.NeedsHeader)])).Message;

        Assert.Contains("an [On] action's input is the event's data", message, StringComparison.Ordinal);
        Assert.Contains("Tenant is required from outside the body", message, StringComparison.Ordinal);
    }

    private static class Subscribers
    {
        [On("note-created")]
        [On("note-deleted")]
        [On(Category = "task")]
        public sealed class ByTypeAndCategory : ActionHandler<ByTypeAndCategory.Input, NoContent>
        {
            public sealed record Input(string Title);

            public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
        }

        public sealed class Plain : ActionHandler<Plain.Input, NoContent>
        {
            public sealed record Input(string Title);

            public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
        }

        [On("")]
        public sealed class EmptyType : ActionHandler<EmptyType.Input, NoContent>
        {
            public sealed record Input(string Title);

            public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
        }

        [On(Category = "note-x")]
        public sealed class BadCategory : ActionHandler<BadCategory.Input, NoContent>
        {
            public sealed record Input(string Title);

            public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
        }

        [On]
        public sealed class Neither : ActionHandler<Neither.Input, NoContent>
        {
            public sealed record Input(string Title);

            public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
        }

        [On("note-created")]
        public sealed class NeedsHeader : ActionHandler<NeedsHeader.Input, NoContent>
        {
            public sealed record Input([FromHeader("X-Tenant")] string Tenant, string Title);

            public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
        }
    }
}
