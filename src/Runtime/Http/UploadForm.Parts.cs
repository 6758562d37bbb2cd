using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Http;

internal sealed partial class UploadForm
{
    private async Task ReadMultipartAsync(ShutdownStall stall, MediaTypeHeaderValue media, object?[] values, List<SpooledUpload> spools)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
            throw new RequestBindingException(400, "malformed_multipart", $"The multipart/form-data Content-Type needs a boundary of 1 to {MaxBoundaryLength} characters.");
        var reader = new MultipartReader(boundary, stall.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        var fieldBudget = _maxFieldBytes;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string[]>? errors = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(stall.Token).ConfigureAwait(false)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                throw new RequestBindingException(400, "malformed_multipart", "Every part of a multipart/form-data body needs 'Content-Disposition: form-data; name=\"...\"'.");
            if (_filesByName.TryGetValue(name, out var file))
            {
                if (!seen.Add(name))
                    throw RequestBindingException.Field(name, $"The file '{name}' was sent more than once.");
                var contentType = section.ContentType ?? StorageContentType;
                values[file.Member.Index] = await SpoolAsync(stall, file, section.Body, contentType, FileNameOf(disposition), section.Headers ?? [], spools).ConfigureAwait(false);
            }
            else if (_fieldsByName.TryGetValue(name, out var field))
            {
                if (!seen.Add(name))
                    throw RequestBindingException.Field(name, $"The field '{name}' was sent more than once.");
                var (text, used) = await ReadTextAsync(section.Body, fieldBudget, stall.Token).ConfigureAwait(false);
                fieldBudget -= used;
                if (Parse(field, text, out var value) is { } error)
                    (errors ??= new(StringComparer.Ordinal))[name] = [error];
                values[field.Index] = value;
            }
            else
            {
                // A part this input has no member for: read past it (the request's limit bounds it).
                await section.Body.CopyToAsync(Stream.Null, stall.Token).ConfigureAwait(false);
            }
        }

        if (errors is not null)
            throw RequestBindingException.Fields(errors);
    }

    private async Task ReadRawAsync(HttpContext http, ShutdownStall stall, object?[] values, List<SpooledUpload> spools)
    {
        var request = http.Request;
        var file = _files[0];
        // The body is the file: one announced larger than its limit is refused before any of it is read (or 100 Continue sent).
        if (request.ContentLength > file.MaxBytes)
            throw FileTooLarge(file.MaxBytes);
        var fileName = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition) ? FileNameOf(disposition) : "";
        values[file.Member.Index] = await SpoolAsync(stall, file, stall.Body, request.ContentType ?? StorageContentType, fileName, request.Headers, spools).ConfigureAwait(false);
    }

    private const string StorageContentType = "application/octet-stream";

    private async Task<FileUpload> SpoolAsync(ShutdownStall stall, UploadMember file, Stream body, string contentType, string fileName, IDictionary<string, StringValues> headers, List<SpooledUpload> spools)
    {
        var name = file.Member.RequestName;
        var spoolDirectory = _spoolDirectory;
        if (!HeaderValues.IsMediaType(contentType))
            throw new RequestBindingException(415, "unsupported_media_type", $"The file '{name}' has no valid Content-Type (a media type in visible ASCII).");
        if (!file.Accepts(contentType))
            throw new RequestBindingException(415, "unsupported_media_type", $"The file '{name}' is {contentType}; this action accepts {string.Join(", ", file.ContentTypes)}.");
        var expected = ChecksumDigests.Read(headers, out var digestError);
        if (digestError is not null)
            throw RequestBindingException.Field(name, digestError);
        if (expected is null && file.RequireChecksum)
            throw new RequestBindingException(400, "checksum_required", $"The file '{name}' needs its SHA-256: send 'Repr-Digest: sha-256=:BASE64:' or 'X-Content-SHA256: HEX'.");
        var spool = await SpooledUpload.WriteAsync(body, spoolDirectory, file.MaxBytes, stall.Token).ConfigureAwait(false);
        spools.Add(spool);
        if (expected is not null && expected != spool.File.Sha256)
            throw new RequestBindingException(400, "checksum_mismatch", $"The file '{name}' has SHA-256 {spool.File.Sha256}, not the {expected} sent with it; nothing was stored.");
        return spool.ToUpload(fileName, contentType);
    }

    private static async Task<(string Text, long Used)> ReadTextAsync(Stream body, long budget, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            var (length, _) = await HashingCopy.CopyAsync(body, buffer, budget, cancellationToken).ConfigureAwait(false);
            return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), length);
        }
        catch (ContentTooLargeException)
        {
            throw RequestBodyErrors.TooLarge(budget);
        }
    }

    private string? Parse(InputMember field, string text, out object? value)
    {
        value = null;
        if (NulCharacters.In(text))
            return $"The field '{field.RequestName}' contains a NUL character (U+0000), which is not accepted.";
        if (_parsers[field] is { } parser)
            return parser.TryParse(text, out value) ? null : $"The field '{field.RequestName}' must be {TypeDescriptions.Describe(field.Type)}.";
        try
        {
            value = JsonSerializer.Deserialize(text, field.Type, _json);
            return null;
        }
        catch (JsonException)
        {
            return $"The field '{field.RequestName}' must be JSON for {TypeDescriptions.Describe(field.Type)}.";
        }
        catch (InvalidOperationException) when (JsonText.FindInvalidText(text) is { } offset)
        {
            return JsonText.Explain($"The field '{field.RequestName}'", offset);
        }
    }

    /// <summary>The client's file name without any folder part or control characters.</summary>
    private static string FileNameOf(ContentDispositionHeaderValue disposition)
    {
        var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        name = Path.GetFileName(name.Replace('\\', '/'));
        return new string([.. name.Where(c => !char.IsControl(c))]);
    }
}
