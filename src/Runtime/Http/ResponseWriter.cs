using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.Discovery;
using Microsoft.AspNetCore.Http;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Http;

/// <summary>Writes a successful output: status, mapped headers and cookies, then the output itself as JSON (no envelope).</summary>
internal sealed class ResponseWriter<TOutput>
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private readonly HttpTrigger _http;
    private readonly OutputModel _output;
    private readonly JsonTypeInfo<TOutput> _typeInfo;
    private readonly bool _isDevelopment;

    public ResponseWriter(HttpTrigger http, OutputModel output, JsonContracts json, bool isDevelopment)
    {
        _http = http;
        _output = output;
        _typeInfo = json.TypeInfo<TOutput>();
        _isDevelopment = isDevelopment;
    }

    public Task WriteAsync(HttpContext http, TOutput output)
    {
        var response = http.Response;
        response.StatusCode = _http.SuccessStatus;
        if (_output.MapsResponseMetadata && output is not null)
            WriteMetadata(response, output);
        if (!_http.HasResponseBody)
            return Task.CompletedTask;
        if (output is FileDownload download)
            return FileResponses.WriteAsync(http, download);
        if (HttpMethods.IsHead(http.Request.Method))
        {
            response.ContentType = JsonContentType;
            return Task.CompletedTask;
        }

        return response.WriteAsJsonAsync(output, _typeInfo, JsonContentType, http.RequestAborted);
    }

    private void WriteMetadata(HttpResponse response, object output)
    {
        // Values were checked by output validation; URI-valued ones are percent-encoded here.
        foreach (var header in _output.Headers)
        {
            if (HeaderValues.Format(header.Get(output)) is { } value)
                response.Headers.Append(header.Name, HeaderValues.Encode(header.Name, value));
        }

        foreach (var mapped in _output.Cookies)
        {
            var cookie = mapped.Cookie;
            var options = new CookieOptions
            {
                HttpOnly = cookie.HttpOnly,
                Secure = cookie.Secure switch
                {
                    CookieSecurity.Always => true,
                    CookieSecurity.Never => false,
                    _ => !_isDevelopment,
                },
                SameSite = Enum.TryParse<SameSiteMode>(cookie.SameSite, ignoreCase: true, out var mode) ? mode : SameSiteMode.Lax,
                Path = cookie.Path,
                MaxAge = cookie.MaxAgeSeconds > 0 ? TimeSpan.FromSeconds(cookie.MaxAgeSeconds) : null,
            };
            if (HeaderValues.Format(mapped.Get(output)) is { } value)
                response.Cookies.Append(cookie.Name, value, options);
            else
                response.Cookies.Delete(cookie.Name, options);
        }
    }
}
