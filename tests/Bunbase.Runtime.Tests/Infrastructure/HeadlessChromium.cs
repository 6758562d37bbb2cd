using System.Diagnostics;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>Debian's chromium, headless, offline but for loopback: a page's DOM once its scripts have run.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>
    /// Loads <paramref name="page"/> and returns the DOM and what chromium printed. Virtual time runs up to 15 s
    /// while the page is idle; requests in flight are waited for.
    /// </summary>
    public static async Task<(string Dom, string Errors)> DumpDomAsync(Uri page)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: ./test.sh installs Debian's chromium package.");
        var profile = Directory.CreateTempSubdirectory("bunbase-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
                // Offline: every host name fails to resolve, so anything not served on loopback cannot load.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--virtual-time-budget=15000", "--dump-dom", page.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var browser = Process.Start(start)!;
            var dom = browser.StandardOutput.ReadToEndAsync();
            var errors = browser.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await browser.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                browser.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within 60 s: {page}");
            }

            return (await dom, await errors);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
