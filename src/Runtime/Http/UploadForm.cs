using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Binds the body of an action whose input has <see cref="FileUpload"/> members: a
/// <c>multipart/form-data</c> body (files streamed to temporary files, other members from text
/// fields), or, for an input with one file, a raw body. Limits are checked while the bytes arrive;
/// over them the request gets 413, a refused type 415, malformed framing 400, and every temporary
/// file is gone before the answer. The request's body limit (Kestrel's <c>maxRequestBodySize</c>)
/// is raised for these actions only, to the files' limits plus the JSON limit for the fields.
/// </summary>
internal sealed partial class UploadForm
{
    private const int MaxBoundaryLength = 200;
    private readonly UploadMember[] _files;
    private readonly InputMember[] _fields;
    private readonly Dictionary<string, UploadMember> _filesByName;
    private readonly Dictionary<string, InputMember> _fieldsByName;
    private readonly Dictionary<InputMember, ScalarParser?> _parsers;
    private readonly JsonSerializerOptions _json;
    private readonly long _maxFieldBytes;
    private readonly string _spoolDirectory;

    private UploadForm(UploadMember[] files, InputMember[] fields, JsonSerializerOptions json, long maxFieldBytes, string spoolDirectory)
    {
        _spoolDirectory = spoolDirectory;
        _files = files;
        _fields = fields;
        _filesByName = files.ToDictionary(f => f.Member.RequestName, StringComparer.OrdinalIgnoreCase);
        _fieldsByName = fields.ToDictionary(f => f.RequestName, StringComparer.OrdinalIgnoreCase);
        _parsers = fields.ToDictionary(f => f, f => ScalarParser.For(f.Type));
        _json = json;
        _maxFieldBytes = maxFieldBytes;
        MaxRequestBytes = checked(files.Sum(f => f.MaxBytes) + maxFieldBytes);
        AcceptsRawBody = files.Length == 1 && fields.All(f => !f.IsRequired);
    }

    /// <summary>The largest request body accepted: every file at its limit, plus the JSON limit for the rest.</summary>
    public long MaxRequestBytes { get; }

    /// <summary>Whether the file may also come as the whole request body (one file, no required field).</summary>
    public bool AcceptsRawBody { get; }

    public IReadOnlyList<UploadMember> Files => _files;

    /// <summary>The upload binding of an input, or null when it has no <see cref="FileUpload"/> member.</summary>
    public static UploadForm? For(InputModel model, JsonSerializerOptions json, long maxBodySize, long defaultMaxUpload, string spoolDirectory)
    {
        var files = model.BodyMembers.Where(m => m.Type == typeof(FileUpload)).ToArray();
        if (files.Length == 0)
            return null;
        var uploads = files.Select(m =>
        {
            var limits = MemberRules.Attribute<UploadAttribute>(m.Property, m.Parameter);
            return new UploadMember(m, limits is { MaxBytes: > 0 } ? limits.MaxBytes : defaultMaxUpload, limits?.ContentTypes ?? [], limits?.RequireChecksum ?? false);
        }).ToArray();
        return new UploadForm(uploads, [.. model.BodyMembers.Where(m => m.Type != typeof(FileUpload))], json, maxBodySize, spoolDirectory);
    }

    /// <summary>Reads the body into <paramref name="values"/> (indexed by member); the temporary files end with the response.</summary>
    public async Task ReadAsync(HttpContext http, object?[] values)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxRequestBytes;
        if (request.ContentLength > MaxRequestBytes)
            throw RequestBodyErrors.TooLarge(MaxRequestBytes);
        var spools = new List<SpooledUpload>();
        using var stall = new ShutdownStall(http);
        try
        {
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                await ReadMultipartAsync(stall, media, values, spools).ConfigureAwait(false);
            else if (AcceptsRawBody)
                await ReadRawAsync(http, stall, values, spools).ConfigureAwait(false);
            else
                throw new RequestBindingException(415, "unsupported_media_type", $"The request body must be multipart/form-data; got '{request.ContentType ?? "none"}'.");
        }
        catch (Exception ex)
        {
            await DisposeAllAsync(spools).ConfigureAwait(false);
            if (stall.Cut)
                throw RequestBodyErrors.CutByShutdown(http);
            if (ex is RequestBindingException || Explain(http, ex) is not { } problem)
                throw;
            throw problem;
        }

        Dictionary<string, string[]>? missing = null;
        foreach (var member in _files.Select(f => f.Member).Concat(_fields))
        {
            if (member.IsRequired && values[member.Index] is null)
                (missing ??= new(StringComparer.Ordinal))[member.RequestName] = [$"The field '{member.RequestName}' is required."];
        }

        if (missing is not null)
        {
            await DisposeAllAsync(spools).ConfigureAwait(false);
            throw RequestBindingException.Fields(missing);
        }

        foreach (var spool in spools)
            http.Response.RegisterForDisposeAsync(spool);
    }

    private RequestBindingException? Explain(HttpContext http, Exception exception)
    {
        if (http.RequestAborted.IsCancellationRequested)
            return null;
        return exception switch
        {
            ContentTooLargeException tooLarge => FileTooLarge(tooLarge.MaxBytes),
            _ when RequestBodyErrors.IsBodyReadFailure(http, exception) => RequestBodyErrors.Explain(http, exception, MaxRequestBytes),
            InvalidDataException or IOException or FormatException => new RequestBindingException(400, "malformed_multipart", "The multipart/form-data body is malformed or truncated: " + exception.Message),
            _ => null,
        };
    }

    /// <summary>A file over its limit: found while it arrived, or announced by the Content-Length of a raw upload.</summary>
    private static RequestBindingException FileTooLarge(long maxBytes) =>
        new(413, "payload_too_large", $"The file is larger than the limit of {maxBytes} bytes; nothing was stored.");

    private static async Task DisposeAllAsync(List<SpooledUpload> spools)
    {
        foreach (var spool in spools)
            await spool.DisposeAsync().ConfigureAwait(false);
        spools.Clear();
    }
}
