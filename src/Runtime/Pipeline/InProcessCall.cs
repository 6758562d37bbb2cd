using System.Reflection;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// <c>ctx.CallAsync</c> of one action: the input arrives as its <see cref="IActionInput{TOutput}"/>,
/// so the pipeline is entered through a delegate typed for the action's input and output, built once.
/// </summary>
internal sealed class InProcessCall
{
    private static readonly MethodInfo RunTypedMethod = typeof(InProcessCall).GetMethod(nameof(RunTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly Delegate _run;

    public InProcessCall(ActionDescriptor action)
    {
        Action = action;
        var delegateType = typeof(Func<,,,>).MakeGenericType(typeof(InvocationPipeline), typeof(Invocation), typeof(object), typeof(Task<>).MakeGenericType(action.OutputType));
        _run = RunTypedMethod.MakeGenericMethod(action.InputType, action.OutputType).CreateDelegate(delegateType);
    }

    public ActionDescriptor Action { get; }

    /// <summary>Runs the action; <typeparamref name="TOutput"/> is its output (discovery checked the input's declaration).</summary>
    public Task<TOutput> RunAsync<TOutput>(InvocationPipeline pipeline, Invocation invocation, object input) =>
        ((Func<InvocationPipeline, Invocation, object, Task<TOutput>>)_run)(pipeline, invocation, input);

    private static Task<TOutput> RunTyped<TInput, TOutput>(InvocationPipeline pipeline, Invocation invocation, object input)
        where TInput : notnull =>
        pipeline.RunAsync(invocation, new InProcessTransport<TInput, TOutput>((TInput)input));
}
