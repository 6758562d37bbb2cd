using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Http;

/// <summary>
/// The HTTP transport of one action: its request delegate hands each request to
/// <see cref="InvocationPipeline"/> as an <see cref="HttpInvocation"/>, with the action's binder and
/// writers (a successful output as JSON, an error as a problem response).
/// </summary>
internal sealed class ActionEndpoint<TInput, TOutput>(
    ActionDescriptor action,
    InputBinder<TInput> binder,
    ResponseWriter<TOutput> writer,
    ProblemResponses problems,
    InvocationPipeline pipeline,
    ActionContextServices context)
    : IInvocationTransport<HttpInvocation, TInput, TOutput>
    where TInput : notnull
{
    public Task HandleAsync(HttpContext http) => pipeline.RunAsync(new HttpInvocation(http, action, context), this);

    public ValueTask<TInput> BindAsync(HttpInvocation invocation) => binder.BindAsync(invocation.Http);

    public Task WriteAsync(HttpInvocation invocation, TOutput output) => writer.WriteAsync(invocation.Http, output);

    public async ValueTask<bool> WriteErrorAsync(HttpInvocation invocation, Exception exception, ErrorClassification classification)
    {
        await problems.WriteExceptionAsync(invocation.Http, action.Name, exception, classification).ConfigureAwait(false);
        return true;
    }
}
