using System.Diagnostics;
using Bunbase.Runtime.Realtime;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>The README's plain-JavaScript realtime page in a real headless browser (Debian's chromium) against the example app.</summary>
public sealed class BrowserExampleTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_readme_page_shows_notes_published_while_it_is_open()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./test.sh installs Debian's chromium package.");
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        var realtime = server.Services.GetRequiredService<RealtimeServer>();
        var directory = Directory.CreateTempSubdirectory("bunbase-realtime-page-").FullName;
        try
        {
            // The page's load is held open by an image this test answers late, so the browser dumps the DOM
            // only after the notes published meanwhile had time to arrive (in real time, not virtual time).
            using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            holder.Start();
            var holdPort = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
            var page = Path.Combine(directory, "notes.html");
            await File.WriteAllTextAsync(page, ReadmePage().Replace("http://localhost:3000", server.Address.ToString().TrimEnd('/'), StringComparison.Ordinal)
                + $"<img src=\"http://127.0.0.1:{holdPort}/hold.gif\">");

            // One note before the page opens (it shows the channel's recent notes first), the rest while it is open.
            await realtime.PublishAsync("notes", "note-created", new { id = -1, title = "earlier note" }, CancellationToken.None);
            using var browser = Start(page, directory);
            var dom = browser.StandardOutput.ReadToEndAsync();
            using var held = await holder.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var titles = new List<string>();
            for (var i = 0; i < 20 && !browser.HasExited; i++)
            {
                var title = $"live note {i}";
                await realtime.PublishAsync("notes", "note-created", new { id = i, title }, CancellationToken.None);
                titles.Add(title);
                await Task.Delay(250);
            }

            await held.GetStream().WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            held.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await browser.WaitForExitAsync(timeout.Token);
            var text = await dom;

            Assert.Contains("<li>earlier note</li>", text, StringComparison.Ordinal);
            Assert.True(titles.Any(t => text.Contains($"<li>{t}</li>", StringComparison.Ordinal)), $"no live note on the page:\n{text}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The first <c>html</c> block of the README's Realtime section.</summary>
    private static string ReadmePage()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("\n## Realtime\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```html\n", StringComparison.Ordinal) + "```html\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runtime.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Runtime.sln not found above the test's folder.");
    }

    private static Process Start(string page, string profile)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(profile, "chromium")}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--dump-dom", new Uri(page).ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var browser = Process.Start(start)!;
        _ = browser.StandardError.ReadToEndAsync();
        return browser;
    }
}
