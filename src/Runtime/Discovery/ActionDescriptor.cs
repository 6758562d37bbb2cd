using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Discovery;

/// <summary>Everything the runtime knows about one action; immutable, built once at start.</summary>
internal sealed class ActionDescriptor
{
    private readonly ObjectFactory? _factory;
    private readonly Func<object>? _new;

    public ActionDescriptor(
        string name,
        string? description,
        ImmutableArray<string> tags,
        Type handlerType,
        Type inputType,
        Type outputType,
        HttpTrigger? http,
        InputModel input,
        OutputModel output,
        RateLimiting.RateLimitRule? rateLimit,
        Discovery.JobSettings job,
        Auth.Guards.GuardPlan? guards = null,
        ModuleDescriptor? module = null,
        EventSubscription? subscription = null,
        ToolSettings? tool = null)
    {
        Tool = tool;
        Module = module;
        Subscription = subscription;
        RateLimit = rateLimit;
        Job = job;
        Guards = guards ?? Auth.Guards.GuardPlan.None;
        Name = name;
        Description = description;
        Tags = tags;
        HandlerType = handlerType;
        InputType = inputType;
        OutputType = outputType;
        Http = http;
        Input = input;
        Output = output;
        IsWebhook = handlerType.IsDefined(typeof(WebhookAttribute), inherit: false);

        // Parameterless handlers are created with a plain `new`; others get constructor injection.
        if (handlerType.GetConstructor(Type.EmptyTypes) is { } parameterless)
        {
            // Compiled on the first invocation, not at start (see PropertyAccessors).
            var compile = Foundation.PropertyAccessors.Compiled(System.Linq.Expressions.Expression.Lambda<Func<object>>(System.Linq.Expressions.Expression.New(parameterless)));
            _new = () => compile()();
        }
        else
            _factory = ActivatorUtilities.CreateFactory(handlerType, Type.EmptyTypes);
    }

    /// <summary>The full name: <c>module.action</c> for an action in a module.</summary>
    public string Name { get; }

    /// <summary>The module the action belongs to, if any; its guards and rate limit are already folded in.</summary>
    public ModuleDescriptor? Module { get; }

    public string? Description { get; }

    public ImmutableArray<string> Tags { get; }

    public Type HandlerType { get; }

    public Type InputType { get; }

    public Type OutputType { get; }

    public HttpTrigger? Http { get; }

    public InputModel Input { get; }

    public OutputModel Output { get; }

    /// <summary>The rate limit of callers (HTTP requests, MCP tool calls), when the action (or the configured default) has one.</summary>
    public RateLimiting.RateLimitRule? RateLimit { get; }

    /// <summary>How the action runs as a job: queue, priority, attempts, backoff, cron schedule.</summary>
    public Discovery.JobSettings Job { get; }

    /// <summary>The events the action handles (<c>[On]</c>); null when it subscribes to none.</summary>
    public EventSubscription? Subscription { get; }

    /// <summary>How the action is served as an MCP tool (<c>[Tool]</c>); null when it is not one.</summary>
    public ToolSettings? Tool { get; }

    /// <summary>Whether the action is an inbound webhook (<c>[Webhook]</c>): its jobs run with trigger <c>webhook</c>.</summary>
    public bool IsWebhook { get; }

    /// <summary>The action's guards (sessions, roles, permissions, custom guards), resolved at discovery.</summary>
    public Auth.Guards.GuardPlan Guards { get; }

    /// <summary>Where the action is declared, for start-up messages.</summary>
    public string Location => Describe(HandlerType);

    /// <summary>Whether creating the handler needs services (constructor injection).</summary>
    public bool NeedsServices => _factory is not null;

    public object CreateHandler(IServiceProvider? services) => _new is not null ? _new() : _factory!(services!, null);

    public static string Describe(Type type) => $"{type.FullName?.Replace('+', '.')} ({type.Assembly.GetName().Name})";
}
