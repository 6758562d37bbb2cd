using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary><c>ctx.CallAsync(input)</c>: the input names the action, the output is inferred, and the callee runs the whole pipeline.</summary>
public sealed class InProcessCallTests : IAsyncLifetime
{
    private AppServer _app = null!;

    public async Task InitializeAsync() => _app = await AppServer.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CallAsync_runs_the_action_the_input_names_and_returns_its_typed_output()
    {
        ActionContext context = Trusted();

        Echo.Payload echoed = await context.CallAsync(new Echo.Payload("ann", 3));
        GuardOutput admitted = await context.CallAsync(new AdminOnly.Input());

        Assert.Equal(new Echo.Payload("ann", 3), echoed);
        Assert.True(admitted.Ok);
    }

    [Fact]
    public async Task CallAsync_validates_the_callee_s_input_and_output()
    {
        ActionContext context = Trusted();

        var input = await Assert.ThrowsAsync<InputValidationException>(() => context.CallAsync(new Echo.Payload("", 3)));
        var output = await Assert.ThrowsAsync<OutputValidationException>(() => context.CallAsync(new Fail.Input("bad-output")));

        Assert.Equal(["name"], input.Errors.Keys);
        Assert.Contains("fail", output.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_applies_the_callee_s_guards_to_the_caller()
    {
        var services = _app.Services.GetRequiredService<ActionContextServices>();
        ActionContext anonymous = new TestInvocation(Action("echo"), services, new TestCaller(null));

        var refused = await Assert.ThrowsAnyAsync<ActionException>(() => anonymous.CallAsync(new AdminOnly.Input()));

        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public async Task CallAsync_lets_the_callee_s_action_exception_through_unchanged()
    {
        ActionContext context = Trusted();

        var error = await Assert.ThrowsAsync<NotFoundException>(() => context.CallAsync(new Fail.Input("not-found")));

        Assert.Equal("thing_not_found", error.Code);
    }

    [Fact]
    public async Task CallAsync_passes_the_invocation_s_token_when_given_none_and_the_given_one_otherwise()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        ActionContext cancelledInvocation = Trusted(cancelled.Token);
        ActionContext liveInvocation = Trusted();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledInvocation.CallAsync(new Slow.Input(30_000)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => liveInvocation.CallAsync(new Slow.Input(30_000), cancelled.Token));
    }

    /// <summary>A root invocation without credentials: trusted, as a job's is.</summary>
    private Invocation Trusted(CancellationToken cancellation = default) =>
        new(Action("echo"), new InvocationTrigger("test"), _app.Services.GetRequiredService<ActionContextServices>(), cancellation);

    private ActionDescriptor Action(string name) => _app.Services.GetRequiredService<ActionCatalog>().ByName[name];
}
