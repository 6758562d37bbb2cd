using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// The operator's console at <c>/_studio</c>: server-rendered pages behind <see cref="StudioGate"/>, its packaged
/// assets, and its changes (retry, purge, skip) as form POSTs that need the app's own Origin and are logged with who made them.
/// Served wherever <c>/_admin</c> is (<c>admin.enabled</c> and sessions configured), and in Development with the start-up token.
/// </summary>
internal static class StudioEndpoints
{
    public static void MapStudio(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<BunbaseOptions>();
        var development = services.GetService<DevelopmentSignIn>();
        if (!options.Admin.Enabled || (!services.GetRequiredService<Auth.Authenticator>().Tokens.Enabled && development is null))
            return;
        var gate = services.GetRequiredService<StudioGate>();
        var problems = services.GetRequiredService<ProblemResponses>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Bunbase.Runtime.Studio");
        const string prefix = StudioLayout.Prefix;

        RequestDelegate Page(Func<HttpContext, Task> render) => async http =>
        {
            if (await gate.AdmitAsync(http).ConfigureAwait(false) is null)
                return;
            try
            {
                await render(http).ConfigureAwait(false);
            }
            catch (Exception ex) when (!http.Response.HasStarted)
            {
                await problems.WriteExceptionAsync(http, "studio", ex).ConfigureAwait(false);
            }
        };

        RequestDelegate Change(string page, Func<HttpContext, Task<string>> change) => async http =>
        {
            if (await gate.AdmitAsync(http).ConfigureAwait(false) is not { } visitor)
                return;
            var what = $"{http.Request.Method} {http.Request.Path}";
            try
            {
                var outcome = await change(http).ConfigureAwait(false);
                StudioAudit.Changed(logger, visitor.UserId, what, outcome);
                http.Response.Redirect($"{prefix}{page}?done={Uri.EscapeDataString(outcome)}");
                http.Response.StatusCode = StatusCodes.Status303SeeOther;
            }
            catch (Exception ex) when (!http.Response.HasStarted)
            {
                StudioAudit.Failed(logger, visitor.UserId, what, ex.Message);
                await problems.WriteExceptionAsync(http, "studio", ex).ConfigureAwait(false);
            }
        };

        endpoints.MapGet(prefix, http =>
        {
            http.Response.Redirect(prefix + "/actions");
            return Task.CompletedTask;
        });
        endpoints.MapGet(prefix + "/assets/{file}", StudioAssets.ServeAsync);
        if (development is not null)
        {
            endpoints.MapGet(prefix + "/sign-in", http =>
            {
                if (development.Exchange(http.Request.Query["token"].Count == 1 ? http.Request.Query["token"][0] : null) is not { } session)
                    return StudioLayout.WriteAsync(http, "Sign in required", "", new Html().Raw("<p class=\"refused\">That token is wrong or already used. Restart the app for a new one, or sign in as an admin.</p>"), StatusCodes.Status401Unauthorized);
                StudioAudit.TokenUsed(logger);
                http.Response.Cookies.Append(DevelopmentSignIn.CookieName, session, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = prefix,
                    MaxAge = DevelopmentSignIn.Lifetime,
                    Secure = http.Request.IsHttps,
                });
                http.Response.Redirect(prefix + "/actions");
                return Task.CompletedTask;
            });
        }

        var actions = services.GetRequiredService<ActionsPage>();
        var runs = services.GetRequiredService<RunsPage>();
        var jobs = services.GetRequiredService<JobsPage>();
        var events = services.GetRequiredService<EventsPage>();
        var channels = services.GetRequiredService<ChannelsPage>();
        var health = services.GetRequiredService<HealthPage>();
        endpoints.MapGet(prefix + "/actions", Page(actions.RenderAsync));
        endpoints.MapGet(prefix + "/runs", Page(runs.RenderAsync));
        endpoints.MapGet(prefix + "/runs/{id}", Page(runs.RenderRunAsync));
        endpoints.MapGet(prefix + "/jobs", Page(jobs.RenderAsync));
        endpoints.MapPost(prefix + "/jobs/dead/retry", Change("/jobs", http => jobs.ChangeAsync(http, retry: true)));
        endpoints.MapPost(prefix + "/jobs/dead/purge", Change("/jobs", http => jobs.ChangeAsync(http, retry: false)));
        endpoints.MapGet(prefix + "/events", Page(events.RenderAsync));
        endpoints.MapPost(prefix + "/events/dead/{id}/retry", Change("/events", http => events.ChangeAsync(http, retry: true)));
        endpoints.MapPost(prefix + "/events/dead/{id}/skip", Change("/events", http => events.ChangeAsync(http, retry: false)));
        endpoints.MapGet(prefix + "/channels", Page(channels.RenderAsync));
        endpoints.MapGet(prefix + "/health", Page(health.RenderAsync));
    }
}
