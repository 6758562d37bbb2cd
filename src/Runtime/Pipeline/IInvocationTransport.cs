namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What a transport gives <see cref="InvocationPipeline"/> besides the <see cref="Invocation"/> it
/// makes (which names its trigger, carries the caller's credentials, if any, and the transport's
/// trace id and services): a binder that turns its message into the action's input, and a writer for
/// the outcome. One instance per action (or a shared one), so nothing is allocated per invocation.
/// </summary>
/// <typeparam name="TInvocation">The transport's invocation type.</typeparam>
/// <typeparam name="TInput">The action's input.</typeparam>
/// <typeparam name="TOutput">The action's output.</typeparam>
internal interface IInvocationTransport<in TInvocation, TInput, in TOutput>
    where TInvocation : Invocation
{
    /// <summary>Reads the input; a failure is the caller's (throw an <see cref="IClassifiedError"/>, such as a 400 with field errors).</summary>
    ValueTask<TInput> BindAsync(TInvocation invocation);

    /// <summary>Answers a successful invocation.</summary>
    Task WriteAsync(TInvocation invocation, TOutput output);

    /// <summary>
    /// Answers a failed one, as <paramref name="classification"/> says; true when the caller was
    /// answered, false to let the exception go back to the caller (a nested call, a job: its retry
    /// decision reads the same classification).
    /// </summary>
    ValueTask<bool> WriteErrorAsync(TInvocation invocation, Exception exception, ErrorClassification classification);
}
