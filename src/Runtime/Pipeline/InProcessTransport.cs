namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The transport of an invocation made inside the process (<c>ctx.Call</c>, a job, a cron tick):
/// the input arrives typed, the output is returned, and an error goes back to the caller.
/// </summary>
internal sealed class InProcessTransport<TInput, TOutput>(TInput input) : IInvocationTransport<Invocation, TInput, TOutput>
{
    public ValueTask<TInput> BindAsync(Invocation invocation) => new(input);

    public Task WriteAsync(Invocation invocation, TOutput output) => Task.CompletedTask;

    public ValueTask<bool> WriteErrorAsync(Invocation invocation, Exception exception, ErrorClassification classification) => new(false);
}
