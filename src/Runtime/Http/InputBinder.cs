using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.Discovery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Builds an action's input from a request: the JSON body (read whole, within the size limit) and
/// the path, query, header and cookie members coerced to their declared types. Every problem found
/// becomes a <see cref="RequestBindingException"/>.
/// </summary>
internal sealed class InputBinder<TInput>
    where TInput : notnull
{
    private const int EchoLimit = 64;
    private readonly InputModel _model;
    private readonly JsonContracts _json;
    private readonly JsonTypeInfo<TInput> _typeInfo;
    private readonly long _maxBodySize;
    private readonly bool _refuseUnknownFields;
    private readonly UploadForm? _uploads;

    public InputBinder(InputModel model, JsonContracts json, long maxBodySize, bool refuseUnknownFields = false, long maxUploadBytes = 100 * 1024 * 1024, string? spoolDirectory = null)
    {
        _uploads = UploadForm.For(model, json.Options, maxBodySize, maxUploadBytes, spoolDirectory ?? Path.GetTempPath());
        _model = model;
        _json = json;
        _refuseUnknownFields = refuseUnknownFields;
        _typeInfo = _uploads is null ? json.TypeInfo<TInput>(refuseUnknownFields) : null!;
        _maxBodySize = maxBodySize;
    }

    public ValueTask<TInput> BindAsync(HttpContext http)
    {
        if (!_model.HasBody)
        {
            var values = _model.Members.IsEmpty ? [] : ReadOutsideBody(http);
            return ValueTask.FromResult((TInput)_model.Construct(values));
        }

        return _uploads is null ? BindWithBodyAsync(http) : BindUploadAsync(http, _uploads);
    }

    private async ValueTask<TInput> BindUploadAsync(HttpContext http, UploadForm uploads)
    {
        var values = _model.OutsideBody.IsEmpty ? new object?[_model.Members.Length] : ReadOutsideBody(http);
        await uploads.ReadAsync(http, values).ConfigureAwait(false);
        return (TInput)_model.Construct(values);
    }

    private async ValueTask<TInput> BindWithBodyAsync(HttpContext http)
    {
        var values = _model.OutsideBody.IsEmpty ? null : ReadOutsideBody(http);
        var input = await ReadBodyAsync(http).ConfigureAwait(false);
        if (values is not null)
        {
            foreach (var member in _model.OutsideBody)
            {
                if (values[member.Index] is { } value)
                    member.Set(input, value);
            }
        }

        return input;
    }

    private object?[] ReadOutsideBody(HttpContext http)
    {
        var values = new object?[_model.Members.Length];
        Dictionary<string, string[]>? errors = null;
        foreach (var member in _model.OutsideBody)
        {
            if (Read(http, member, out var value) is { } error)
            {
                errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
                errors[member.RequestName] = [error];
            }

            values[member.Index] = value;
        }

        if (errors is not null)
            throw RequestBindingException.Fields(errors);
        return values;
    }

    /// <summary>Reads one member; returns an error message, or null with the value (null when absent).</summary>
    private static string? Read(HttpContext http, InputMember member, out object? value)
    {
        value = null;
        var request = http.Request;
        StringValues raw = member.Source switch
        {
            BindingSource.Path => request.RouteValues.TryGetValue(member.RequestName, out var routeValue) ? Convert.ToString(routeValue, System.Globalization.CultureInfo.InvariantCulture) : StringValues.Empty,
            BindingSource.Query => request.Query.TryGetValue(member.RequestName, out var query) ? query : StringValues.Empty,
            BindingSource.Header => request.Headers.TryGetValue(member.RequestName, out var header) ? header : StringValues.Empty,
            BindingSource.Cookie => request.Cookies.TryGetValue(member.RequestName, out var cookie) ? cookie : StringValues.Empty,
            _ => StringValues.Empty,
        };

        var what = Describe(member);
        if (raw.Count == 0)
            return member.IsRequired ? $"The {what} is required." : null;
        foreach (var one in raw)
        {
            if (NulCharacters.In(one))
                return $"The {what} contains a NUL character (U+0000), which is not accepted.";
        }

        var parser = member.Parser!;
        if (member.ElementType is { } elementType)
        {
            var items = new object?[raw.Count];
            for (var i = 0; i < raw.Count; i++)
            {
                if (!parser.TryParse(raw[i] ?? "", out items[i]))
                    return $"The {what} must hold {TypeDescriptions.Describe(elementType)} values; '{Echo(raw[i])}' is not one.";
            }

            value = CollectionTypes.Create(member.Type, elementType, items);
            return null;
        }

        if (raw.Count > 1)
            return $"The {what} was given {raw.Count} times; it takes one value.";
        var text = raw[0] ?? "";
        if (!parser.TryParse(text, out value))
            return $"The {what} must be {TypeDescriptions.Describe(member.Type)}; '{Echo(text)}' is not.";
        if (value is null && member.IsRequired)
            return $"The {what} is required.";
        return null;
    }

    private async ValueTask<TInput> ReadBodyAsync(HttpContext http)
    {
        var request = http.Request;
        var canHaveBody = http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0)
            throw EmptyBody();
        if (!JsonMediaType.Accepts(request.ContentType))
        {
            throw new RequestBindingException(415, "unsupported_media_type",
                $"The request body must be JSON (Content-Type: application/json); got '{Echo(request.ContentType ?? "none")}'.");
        }

        if (request.ContentLength > _maxBodySize)
            throw TooLarge();
        // Nothing decompresses request bodies: a gzip body would otherwise be parsed as JSON and refused as malformed.
        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !IsIdentity(encoding))
        {
            throw new RequestBindingException(415, "unsupported_content_encoding",
                $"The request body must be sent uncompressed; Content-Encoding '{Echo(encoding.ToString())}' is not supported.");
        }

        var reader = request.BodyReader;
        ReadResult result;
        CancellationTokenSource? stalled = null; // once the server is stopping: see RequestBodyErrors.StallAfterShutdown
        try
        {
            while (true)
            {
                try
                {
                    result = await reader.ReadAsync(stalled?.Token ?? http.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stalled is { IsCancellationRequested: true } && !http.RequestAborted.IsCancellationRequested)
                {
                    throw RequestBodyErrors.CutByShutdown(http);
                }
                catch (Exception ex) when (RequestBodyErrors.Explain(http, ex, _maxBodySize) is { } problem)
                {
                    throw problem;
                }

                if (result.Buffer.Length > _maxBodySize)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    throw TooLarge();
                }

                if (result.IsCompleted)
                    break;
                if (result.IsCanceled || stalled is not null)
                    (stalled ??= CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted)).CancelAfter(RequestBodyErrors.StallAfterShutdown(http));
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        finally
        {
            stalled?.Dispose();
        }

        var buffer = result.Buffer;
        try
        {
            if (buffer.IsEmpty)
                throw EmptyBody();
            return buffer.IsSingleSegment ? Deserialize(buffer.FirstSpan) : DeserializeCopy(buffer);
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }

    private TInput DeserializeCopy(ReadOnlySequence<byte> buffer)
    {
        var length = checked((int)buffer.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.CopyTo(rented);
            return Deserialize(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsIdentity(StringValues encoding) =>
        encoding.Count == 1 && string.Equals(encoding[0]?.Trim(), "identity", StringComparison.OrdinalIgnoreCase);

    private TInput Deserialize(ReadOnlySpan<byte> body)
    {
        // A UTF-8 byte order mark is not JSON, but RFC 8259 lets a parser ignore it (editors and some clients add one).
        if (body.StartsWith("\uFEFF"u8))
            body = body[3..];
        TInput? input;
        try
        {
            input = JsonSerializer.Deserialize(body, _typeInfo);
        }
        catch (JsonException ex)
        {
            throw JsonBodyErrors.Explain(body, ex, _model, _json, _refuseUnknownFields);
        }
        catch (InvalidOperationException) when (JsonBodyErrors.InvalidText(body, _json) is { } unpaired)
        {
            throw unpaired;
        }

        if (input is null)
        {
            throw new RequestBindingException(400, "validation_failed", "The request body must be a JSON object.",
                new Dictionary<string, string[]> { ["$"] = ["Expected a JSON object, got null."] });
        }

        return NulCharacters.InJson(body) is { } nul ? throw RequestBindingException.Fields(nul) : input;
    }

    private static string Describe(InputMember member) => member.Source switch
    {
        BindingSource.Path => $"path parameter '{member.RequestName}'",
        BindingSource.Query => $"query parameter '{member.RequestName}'",
        BindingSource.Header => $"header '{member.RequestName}'",
        BindingSource.Cookie => $"cookie '{member.RequestName}'",
        _ => $"field '{member.RequestName}'",
    };

    private static string Echo(string? text) =>
        text is null ? "" : text.Length <= EchoLimit ? text : string.Concat(text.AsSpan(0, EchoLimit), "...");

    private static RequestBindingException EmptyBody() =>
        new(400, "empty_body", "The request body is empty; this action expects a JSON object.");

    private RequestBindingException TooLarge() => RequestBodyErrors.TooLarge(_maxBodySize);
}
