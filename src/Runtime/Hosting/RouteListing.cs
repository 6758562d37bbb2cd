using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// The app's actions as JSON, for <c>bunbase routes</c> (the app writes it with <c>--write-routes</c>
/// and exits, as it does the OpenAPI document): method, path, action, guards, rate limit and triggers
/// (http, tool, cron, event, webhook, or job alone) of each action, HTTP routes first.
/// </summary>
internal static class RouteListing
{
    public static byte[] Json(ActionCatalog catalog)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var action in catalog.Actions.OrderBy(a => a.Http is null).ThenBy(a => a.Http?.Route.Text, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("method", action.Http?.Method);
                json.WriteString("path", action.Http?.Route.Text);
                json.WriteString("action", action.Name);
                json.WriteStartArray("guards");
                foreach (var guard in Guards(action.Guards))
                    json.WriteStringValue(guard);
                json.WriteEndArray();
                json.WriteString("limit", action.RateLimit is { } limit ? Limit(limit) : null);
                json.WriteStartArray("triggers");
                foreach (var trigger in Triggers(action))
                    json.WriteStringValue(trigger);
                json.WriteEndArray();
                json.WriteString("handler", action.HandlerType.FullName?.Replace('+', '.'));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>What starts the action besides <c>ctx.Queue</c> and <c>ctx.CallAsync</c>, which can start any: <c>job</c> alone when nothing else does.</summary>
    private static IEnumerable<string> Triggers(ActionDescriptor action)
    {
        var any = action.Http is not null;
        if (any)
            yield return "http";
        if (action.Tool is not null)
        {
            any = true;
            yield return "tool";
        }

        if (action.Job.Cron is not null)
        {
            any = true;
            yield return "cron";
        }

        if (action.Subscription is not null)
        {
            any = true;
            yield return "event";
        }

        if (action.IsWebhook)
        {
            any = true;
            yield return "webhook";
        }

        if (!any)
            yield return "job";
    }

    private static IEnumerable<string> Guards(GuardPlan plan)
    {
        if (plan.RequiresSession)
            yield return "session";
        foreach (var requirement in plan.Requirements)
            yield return $"{(requirement.Kind == RequirementKind.Role ? "role" : "permission")}:{string.Join('|', requirement.AnyOf)}";
        foreach (var guard in plan.ActionGuards.Concat(plan.InputGuards))
            yield return guard.GuardType.Name;
    }

    private static string Limit(RateLimiting.RateLimitRule rule)
    {
        var period = rule.Period;
        var per = period.TotalDays >= 1 && period.TotalDays % 1 == 0 ? $"{period.TotalDays}d"
            : period.TotalHours >= 1 && period.TotalHours % 1 == 0 ? $"{period.TotalHours}h"
            : period.TotalMinutes >= 1 && period.TotalMinutes % 1 == 0 ? $"{period.TotalMinutes}m"
            : $"{period.TotalSeconds}s";
        return string.Create(CultureInfo.InvariantCulture, $"{rule.Limit}/{per} by {rule.By}");
    }
}
