using System.Globalization;
using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// <c>--health-check</c>: asks the instance this configuration describes for <c>/_health/ready</c>
/// and returns 0 when it answers 200, 1 otherwise. A container healthcheck needs a command inside
/// the image, and the ASP.NET runtime image has no curl.
/// </summary>
internal static class HealthProbe
{
    public const string Option = "--health-check";

    public static async Task<int> RunAsync(BunbaseOptions options, TextWriter error)
    {
        // The wildcard addresses listen on loopback too.
        var host = options.Host is "0.0.0.0" or "*" or "+" ? "127.0.0.1" : options.Host is "::" ? "[::1]" : options.Host;
        var url = new Uri($"http://{host}:{options.Port.ToString(CultureInfo.InvariantCulture)}/_health/ready");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return 0;
            await error.WriteLineAsync($"bunbase: {url} answered {(int)response.StatusCode}").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"bunbase: {url}: {ex.Message}").ConfigureAwait(false);
        }

        return 1;
    }
}
