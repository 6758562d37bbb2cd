namespace Bunbase.TestApp.Actions;

/// <summary>20 per hour per client IP: a burst test sees exactly 20 allowed.</summary>
[Action("limited")]
[Get("/limited")]
[RateLimit(20, Per = "1h")]
public sealed class Limited : ActionHandler<Limited.Input, Limited.Output>
{
    public sealed record Input;

    public sealed record Output(bool Ok);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Output(true));
}

/// <summary>3 per 2 seconds: the allowance comes back after the period.</summary>
[Action("limited-short")]
[Get("/limited-short")]
[RateLimit(3, Per = "2s")]
public sealed class LimitedShort : ActionHandler<Limited.Input, Limited.Output>
{
    public override Task<Limited.Output> RunAsync(Limited.Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Limited.Output(true));
}

/// <summary>3 per hour: a burst sees exactly 3 allowed however slowly the machine serves it (no token comes back mid-test).</summary>
[Action("limited-burst")]
[Get("/limited-burst")]
[RateLimit(3, Per = "1h")]
public sealed class LimitedBurst : ActionHandler<Limited.Input, Limited.Output>
{
    public override Task<Limited.Output> RunAsync(Limited.Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Limited.Output(true));
}

/// <summary>2 per hour per tenant, the key taken from the input.</summary>
[Action("limited-by-tenant")]
[Get("/tenants/{tenant}/limited")]
[RateLimit(2, Per = "1h", By = RateLimitKey.Input, InputProperty = nameof(Input.Tenant))]
public sealed class LimitedByTenant : ActionHandler<LimitedByTenant.Input, Limited.Output>
{
    public sealed record Input(string Tenant);

    public override Task<Limited.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Limited.Output(true));
}

/// <summary>Counts in the shared key-value store.</summary>
[Action("kv-increment")]
[Post("/kv/{key}/increment")]
public sealed class KvIncrement : ActionHandler<KvIncrement.Input, KvIncrement.Output>
{
    public sealed record Input(string Key);

    public sealed record Output(long Value);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Kv.IncrementAsync(input.Key, cancellationToken: cancellationToken));
}
