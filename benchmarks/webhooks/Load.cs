#:sdk Microsoft.NET.Sdk.Web
// The load side of benchmarks/webhooks.sh (a file-based app: `dotnet run Load.cs -- ...`).
//   inbound URL SECRET CONCURRENCY SECONDS   posts signed Standard Webhooks deliveries (a new id each), prints "accepted refused seconds"
//   receiver PORT                            answers 200 to every POST (the endpoint outbound deliveries go to) until SIGTERM
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

if (args is ["receiver", var portText])
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{portText}");
    var app = builder.Build();
    app.MapPost("/hook", () => Results.Ok());
    await app.RunAsync();
    return 0;
}

if (args is not ["inbound", var url, var secret, var concurrencyText, var secondsText])
{
    Console.Error.WriteLine("usage: inbound URL SECRET CONCURRENCY SECONDS | receiver PORT");
    return 2;
}

var key = Convert.FromBase64String(secret["whsec_".Length..]);
var body = Encoding.UTF8.GetBytes("{\"type\":\"bench\",\"n\":1}");
var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.Parse(concurrencyText, CultureInfo.InvariantCulture) });
var until = DateTime.UtcNow.AddSeconds(double.Parse(secondsText, CultureInfo.InvariantCulture));
long accepted = 0, refused = 0;
var started = System.Diagnostics.Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, int.Parse(concurrencyText, CultureInfo.InvariantCulture)).Select(async worker =>
{
    for (var i = 0; DateTime.UtcNow < until; i++)
    {
        var id = $"msg_{worker}_{i}_{Guid.NewGuid():N}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)));
        using var response = await client.SendAsync(request);
        Interlocked.Increment(ref response.StatusCode == System.Net.HttpStatusCode.Accepted ? ref accepted : ref refused);
    }
}));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{accepted} {refused} {started.Elapsed.TotalSeconds:0.00}"));
return 0;
