using System.Text.Json;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// The event transport's binder and writer: the input is the event's data read with the app's JSON
/// contract (then validated by the pipeline like any input); data that does not fit is an
/// <see cref="EventDataException"/>, recorded as a refused run. Errors go back to the consumer, which retries or parks the event.
/// </summary>
internal sealed class EventTransport<TInput, TOutput>(string data, JsonSerializerOptions json) : IInvocationTransport<EventInvocation, TInput, TOutput>
{
    public ValueTask<TInput> BindAsync(EventInvocation invocation)
    {
        try
        {
            return new(JsonSerializer.Deserialize<TInput>(data, json) ?? throw new EventDataException(invocation.ActionName, "the data is null"));
        }
        catch (JsonException ex)
        {
            throw new EventDataException(invocation.ActionName, ex.Message);
        }
        catch (InvalidOperationException) when (JsonText.FindInvalidText(data) is { } offset)
        {
            throw new EventDataException(invocation.ActionName, JsonText.Explain("the data", offset));
        }
    }

    public Task WriteAsync(EventInvocation invocation, TOutput output) => Task.CompletedTask;

    public ValueTask<bool> WriteErrorAsync(EventInvocation invocation, Exception exception, ErrorClassification classification) => new(false);
}
