using Bunbase.Runtime.Auth;
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
        var started = executor.RunLog.Start();
        RequestAuth? caller = null;
        HttpInvocation? invocation = null;
        object? input = null;
        object? output = null;
        Exception? error = null;
        try
        {
            caller = await executor.Authenticator.AuthenticateAsync(http).ConfigureAwait(false);

            // A limit keyed by caller is checked before binding, so invalid requests count too.
            var rule = action.RateLimit;
            if (rule is { By: not RateLimitKey.Input })
                await rateLimits.CheckAsync(http, action, rule, null, caller?.User?.Id).ConfigureAwait(false);

            // Identity guards answer 401/403 before any input error.
            invocation = new HttpInvocation(http, action, executor, caller);
            await executor.Admit(action, invocation, http.RequestAborted).ConfigureAwait(false);
            var bound = await binder.BindAsync(http).ConfigureAwait(false);
            input = bound;
            if (rule is { By: RateLimitKey.Input })
                await rateLimits.CheckAsync(http, action, rule, bound, caller?.User?.Id).ConfigureAwait(false);
            executing = true;
            var result = await executor.Execute<TInput, TOutput>(action, bound, invocation, http.RequestAborted).ConfigureAwait(false);
            output = result;
            await writer.WriteAsync(http, result).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            // The executor counts its own failures; these happened before it ran.
            if (!executing)
                executor.Telemetry.CountRefused(action, ex, http.RequestAborted);
            await problems.WriteExceptionAsync(http, action.Name, ex).ConfigureAwait(false);
        }

        // Every request that reached the action is recorded, refusals included, with the status it got.
        if (executor.RunLog.Enabled)
        {
            invocation ??= new HttpInvocation(http, action, executor, caller);
            executor.RunLog.Add(action, invocation, started, input, output, error, ClientGone.RecordedStatus(http), http.RequestAborted);
        }
    }
}
