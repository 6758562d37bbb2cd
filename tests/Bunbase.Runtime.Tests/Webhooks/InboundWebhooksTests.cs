using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Webhooks;

namespace Bunbase.Runtime.Tests.Webhooks;

public sealed class InboundWebhooksTests
{
    [Fact]
    public void Bad_declarations_stop_start_up_naming_each()
    {
        var catalog = ActionDiscovery.Discover([typeof(WrongInput), typeof(BadName), typeof(First), typeof(Second)]);
        var error = Assert.Throws<StartupException>(() => InboundWebhooks.From(catalog, new WebhooksOptions())).Message;
        Assert.Contains("input must be WebhookRequest", error, StringComparison.Ordinal);
        Assert.Contains("name must be 1-64", error, StringComparison.Ordinal);
        Assert.Contains("Tolerance = \"soon\"", error, StringComparison.Ordinal);
        Assert.Contains("duplicate webhook name 'twice'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_secret_is_reported_and_an_unusable_one_stops_start_up()
    {
        var catalog = ActionDiscovery.Discover([typeof(First)]);
        var webhooks = InboundWebhooks.From(catalog, new WebhooksOptions());
        Assert.Contains("has no secret", Assert.Single(webhooks.ResolveKeys(new WebhooksOptions())), StringComparison.Ordinal);
        Assert.Throws<StartupException>(() => webhooks.ResolveKeys(new WebhooksOptions { Secrets = [new WebhookSecretOptions { Name = "twice", Secret = "whsec_!!" }] }));
        Assert.Empty(webhooks.ResolveKeys(new WebhooksOptions { Secrets = [new WebhookSecretOptions { Name = "twice", Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }] }));
        Assert.NotNull(webhooks.ByName["twice"].Key);
    }

    [Fact]
    public void The_example_s_published_secret_is_refused_outside_Development_and_warned_about_in_it()
    {
        var catalog = ActionDiscovery.Discover([typeof(First)]);
        var published = new WebhooksOptions { Secrets = [new WebhookSecretOptions { Name = "twice", Secret = "whsec_iImSSIIxVbbimcG+jNGLe4xcojHy+GnT" }] };

        var production = InboundWebhooks.From(catalog, published);
        var warning = Assert.Single(production.ResolveKeys(published));
        Assert.Contains("published in documentation", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("iImSSIIxVbbimcG", warning, StringComparison.Ordinal);
        Assert.Null(production.ByName["twice"].Key);

        var development = InboundWebhooks.From(catalog, published);
        Assert.Contains("refused outside Development", Assert.Single(development.ResolveKeys(published, development: true)), StringComparison.Ordinal);
        Assert.NotNull(development.ByName["twice"].Key);
    }

    [Webhook("wrong")]
    public sealed class WrongInput : ActionHandler<WrongInput.Input, NoContent>
    {
        public sealed record Input(string Text);

        public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
    }

    [Webhook("bad name", Tolerance = "soon")]
    public sealed class BadName : Receiver;

    [Webhook("twice")]
    public sealed class First : Receiver;

    [Webhook("TWICE")]
    public sealed class Second : Receiver;

    public abstract class Receiver : ActionHandler<WebhookRequest, NoContent>
    {
        public override Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
    }
}
