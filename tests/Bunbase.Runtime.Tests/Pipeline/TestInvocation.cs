using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary>An invocation of the test transport: its own trigger, and the caller's credentials.</summary>
internal sealed class TestInvocation(ActionDescriptor action, ActionContextServices context, TestCaller caller)
    : Invocation(action, TestTrigger, context, CancellationToken.None)
{
    /// <summary>The trigger the run log and spans name.</summary>
    public static InvocationTrigger TestTrigger { get; } = new("test");

    public TestCaller Request => caller;

    public override ICallerRequest Credentials => caller;
}
