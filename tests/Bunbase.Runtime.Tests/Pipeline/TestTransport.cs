using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary>A transport that is not HTTP: it supplies the input (or fails binding), keeps the output or the error's classification.</summary>
internal sealed class TestTransport<TInput, TOutput>(Func<TInput> bind) : IInvocationTransport<TestInvocation, TInput, TOutput>
{
    public TOutput? Output { get; private set; }

    public ErrorClassification? Error { get; private set; }

    public ValueTask<TInput> BindAsync(TestInvocation invocation) => new(bind());

    public Task WriteAsync(TestInvocation invocation, TOutput output)
    {
        Output = output;
        return Task.CompletedTask;
    }

    public ValueTask<bool> WriteErrorAsync(TestInvocation invocation, Exception exception, ErrorClassification classification)
    {
        Error = classification;
        return new(true);
    }
}
