using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Http;

/// <summary>The request delegate of one HTTP-triggered action: find the session, admit, bind, execute, write, or answer a problem.</summary>
internal sealed class ActionEndpoint<TInput, TOutput>(
    ActionDescriptor action,
    InputBinder<TInput> binder,
    ActionExecutor executor,
    ResponseWriter<TOutput> writer,
    ProblemResponses problems,
    RateLimitGate rateLimits)
    where TInput : notnull
{
    public async Task HandleAsync(HttpContext http)
    {
        var executing = false;
        try
        {
            var caller = await executor.Authenticator.AuthenticateAsync(http).ConfigureAwait(false);

            // A limit keyed by caller is checked before binding, so invalid requests count too.
            var rule = action.RateLimit;
            if (rule is { By: not RateLimitKey.Input })
                await rateLimits.CheckAsync(http, action, rule, null, caller?.User?.Id).ConfigureAwait(false);

            // Identity guards answer 401/403 before any input error.
            var invocation = new HttpInvocation(http, action, executor, caller);
            await executor.Admit(action, invocation, http.RequestAborted).ConfigureAwait(false);
            var input = await binder.BindAsync(http).ConfigureAwait(false);
            if (rule is { By: RateLimitKey.Input })
                await rateLimits.CheckAsync(http, action, rule, input, caller?.User?.Id).ConfigureAwait(false);
            executing = true;
            var output = await executor.Execute<TInput, TOutput>(action, input, invocation, http.RequestAborted).ConfigureAwait(false);
            await writer.WriteAsync(http, output).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The executor counts its own failures; these happened before it ran.
            if (!executing)
                executor.Telemetry.CountRefused(action, ex, http.RequestAborted);
            await problems.WriteExceptionAsync(http, action.Name, ex).ConfigureAwait(false);
        }
    }
}
