using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.RateLimiting;
using Bunbase.Runtime.Validation;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The one place an invocation runs, whatever its transport (HTTP, a nested call, a job, a cron
/// tick; events, channels, webhooks later): authenticate the caller's credentials and apply rate
/// limits (when the transport has a caller), admit (identity and custom guards, before binding),
/// bind (the transport's binder), validate, run the input guards and the handler, validate the
/// output, answer (the transport's writer), and record the run (run log, metrics, span). A failure
/// is classified once (<see cref="ErrorClassifier"/>) and every report reads that classification.
/// </summary>
/// <remarks>
/// Metrics and the action's span cover the execution (validation to output validation); a refusal
/// before it (credentials, a limit, a guard, binding) only counts its error type. The run log gets
/// one record per invocation, refusals included.
/// </remarks>
internal sealed class InvocationPipeline
{
    private readonly ObjectValidator _validator;
    private readonly Authenticator _authenticator;
    private readonly RateLimitGate _rateLimits;
    private readonly ActionTelemetry _telemetry;
    private readonly IRunRecorder _runLog;

    public InvocationPipeline(ActionCatalog catalog, ObjectValidator validator, Authenticator authenticator, RateLimitGate rateLimits, ActionTelemetry telemetry, IRunRecorder runLog)
    {
        _validator = validator;
        _authenticator = authenticator;
        _rateLimits = rateLimits;
        _telemetry = telemetry;
        _runLog = runLog;
        foreach (var action in catalog.Actions)
        {
            validator.Prepare(action.InputType);
            validator.Prepare(action.OutputType);
        }
    }

    private enum Stage
    {
        Admitting,
        Executing,
        Answering,
    }

    /// <summary>
    /// Runs <paramref name="invocation"/> to its end; returns the output, or throws when the
    /// transport's writer does not answer errors (the failure is recorded first either way).
    /// </summary>
    public async Task<TOutput> RunAsync<TInvocation, TInput, TOutput>(TInvocation invocation, IInvocationTransport<TInvocation, TInput, TOutput> transport)
        where TInvocation : Invocation
        where TInput : notnull
    {
        var action = invocation.Action;
        var cancellation = invocation.Cancellation;
        var started = _runLog.Start();
        var stage = Stage.Admitting;
        var run = default(ActionRun);
        object? input = null;
        var output = default(TOutput);
        try
        {
            var request = invocation.Credentials;
            var rule = action.RateLimit;
            RequestAuth? caller = null;
            if (request is not null)
            {
                caller = await _authenticator.AuthenticateAsync(request).ConfigureAwait(false);
                invocation.Authenticated(caller);

                // A limit keyed by caller is checked before binding, so invalid requests count too.
                if (rule is { By: not RateLimitKey.Input })
                    await _rateLimits.CheckAsync(request, action.Name, rule, null, caller?.User?.Id).ConfigureAwait(false);
            }

            // Identity guards answer 401/403 before any input error.
            if (!action.Guards.IsEmpty)
                await action.Guards.AdmitAsync(invocation.Caller, invocation, cancellation).ConfigureAwait(false);
            var bound = await transport.BindAsync(invocation).ConfigureAwait(false);
            input = bound;
            if (request is not null && rule is { By: RateLimitKey.Input })
                await _rateLimits.CheckAsync(request, action.Name, rule, bound, caller?.User?.Id).ConfigureAwait(false);

            stage = Stage.Executing;
            run = _telemetry.Start(action, invocation.Trigger);
            if (_validator.Validate(bound) is { } inputErrors)
                throw new InputValidationException(inputErrors);
            if (action.Guards.HasInputGuards)
                await action.Guards.CheckInputAsync(bound, invocation.Caller, invocation, cancellation).ConfigureAwait(false);
            var handler = (ActionHandler<TInput, TOutput>)action.CreateHandler(action.NeedsServices ? invocation.Services : null);
            var result = await handler.RunAsync(bound, invocation, cancellation).ConfigureAwait(false);
            if (_validator.Validate(result) is { } outputErrors)
                throw new OutputValidationException(action.Name, outputErrors);
            output = result;
            run.Succeeded();
            stage = Stage.Answering;
            await transport.WriteAsync(invocation, result).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var classification = ErrorClassifier.Classify(ex, cancellation);
            if (stage == Stage.Admitting)
                _telemetry.CountRefused(action, classification);
            else if (stage == Stage.Executing)
                run.Failed(ex, classification);
            var answered = await transport.WriteErrorAsync(invocation, ex, classification).ConfigureAwait(false);
            if (_runLog.Enabled)
                _runLog.Add(invocation, started, input, output, ex, classification);
            if (!answered)
                throw;
            return default!;
        }

        if (_runLog.Enabled)
            _runLog.Add(invocation, started, input, output, null, null);
        return output;
    }
}
