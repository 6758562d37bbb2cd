using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>
/// <c>cors.allowedOrigins</c> as a browser enforces it: a page served from another loopback port calls the app with
/// cookies (sign in, read, write, sign out); the same page from an unlisted port can read nothing.
/// </summary>
public sealed class CrossOriginBrowserTests
{
    private const string Page = """
        <!doctype html><html><body><pre id="out">pending</pre><script>
        (async () => {
          const api = "API";
          const json = { "content-type": "application/json" };
          const out = {};
          async function attempt(name, run) { try { out[name] = await run(); } catch (e) { out[name] = "blocked"; } }
          await attempt("signIn", async () => (await fetch(api + "/auth/session", { method: "POST", credentials: "include", headers: json, body: JSON.stringify({ userId: "ann" }) })).status);
          await attempt("me", async () => { const r = await fetch(api + "/auth/me", { credentials: "include" }); return r.status + " " + (await r.json()).id; });
          await attempt("created", async () => { const r = await fetch(api + "/orders", { method: "POST", credentials: "include", headers: json, body: JSON.stringify({ customer: { email: "a@example.com" }, lines: [{ sku: "ABC-123", quantity: 1 }] }) }); return r.status + " " + r.headers.get("Location"); });
          await attempt("invalid", async () => { const r = await fetch(api + "/orders", { method: "POST", credentials: "include", headers: json, body: "{}" }); return r.status + " " + (await r.json()).code; });
          await attempt("signOut", async () => (await fetch(api + "/auth/sign-out-everywhere", { method: "POST", credentials: "include" })).status);
          await attempt("meAfter", async () => (await fetch(api + "/auth/me", { credentials: "include" })).status);
          document.getElementById("out").textContent = JSON.stringify(out);
        })();
        </script></body></html>
        """;

    [Fact]
    public async Task A_listed_origin_s_page_calls_with_cookies_and_another_s_reads_nothing()
    {
        await using var listed = await PageServer.StartAsync();
        await using var other = await PageServer.StartAsync();
        await using var server = await AppServer.StartAsync(extraConfig: $$"""
            "cors": { "allowedOrigins": ["{{listed.Origin}}"] }
            """);
        var api = server.Address.GetLeftPart(UriPartial.Authority);
        listed.Html = other.Html = Page.Replace("API", api, StringComparison.Ordinal);

        var allowed = await ResultsAsync(listed);
        var refused = await ResultsAsync(other);

        Assert.Equal(
            """{"signIn":200,"me":"200 ann","created":"201 /orders/1","invalid":"400 validation_failed","signOut":204,"meAfter":401}""",
            allowed);
        Assert.Equal(
            """{"signIn":"blocked","me":"blocked","created":"blocked","invalid":"blocked","signOut":"blocked","meAfter":"blocked"}""",
            refused);
    }

    private static async Task<string> ResultsAsync(PageServer page)
    {
        var (dom, errors) = await HeadlessChromium.DumpDomAsync(new Uri(page.Origin + "/page.html"));
        var start = dom.IndexOf("<pre id=\"out\">", StringComparison.Ordinal) + "<pre id=\"out\">".Length;
        var text = System.Net.WebUtility.HtmlDecode(dom[start..dom.IndexOf("</pre>", start, StringComparison.Ordinal)]);
        Assert.True(text.StartsWith('{'), $"the page did not finish: {text}\nchromium said:\n{errors}");
        return JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement);
    }

    /// <summary>Serves one page from its own loopback port: its own origin.</summary>
    private sealed class PageServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private PageServer(WebApplication app) => _app = app;

        public string Html { get; set; } = "";

        public string Origin { get; private set; } = "";

        public static async Task<PageServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new PageServer(app);
            app.MapGet("/page.html", () => Results.Content(server.Html, "text/html; charset=utf-8"));
            await app.StartAsync();
            server.Origin = app.Urls.Single().TrimEnd('/');
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
