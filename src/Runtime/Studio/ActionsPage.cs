using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// Every action: its triggers, route, guards, limits and schemas, and for HTTP actions a form that invokes it
/// through its own route from the browser, so it runs as the signed-in admin through the whole pipeline
/// (guards, limits, validation) and leaves its run in the log with the admin's user id.
/// </summary>
internal sealed class ActionsPage(ActionCatalog catalog, ActionSchemas schemas)
{
    public Task RenderAsync(HttpContext http)
    {
        var body = new Html();
        body.Raw("<p class=\"hint\">").Text($"{catalog.Actions.Length} actions. An invocation goes through the action's own route with your session: the same guards, limits and validation as any client, and a row in the run log.").Raw("</p>");
        body.Raw("<input type=\"search\" class=\"filter\" data-filter=\"#actions details\" placeholder=\"Filter actions\" aria-label=\"Filter actions\">");
        body.Raw("<div id=\"actions\">");
        foreach (var action in catalog.Actions.OrderBy(a => a.Name, StringComparer.Ordinal))
            Action(body, action);
        body.Raw("</div>");
        return StudioLayout.WriteAsync(http, "Actions", "/actions", body);
    }

    private void Action(Html body, ActionDescriptor action)
    {
        body.Raw("<details class=\"action\" data-name=\"").Text(action.Name).Raw("\"><summary><code>").Text(action.Name).Raw("</code>");
        foreach (var trigger in Triggers(action))
            body.Raw(" <span class=\"tag\">").Text(trigger).Raw("</span>");
        if (action.Http is { } http)
            body.Raw(" <span class=\"route\">").Text($"{http.Method} {http.Route.Text}").Raw("</span>");
        body.Raw("</summary><dl>");
        if (action.Description is { } description)
            Row(body, "Description", description);
        Row(body, "Handler", action.Location);
        Row(body, "Guards", Guards(action));
        Row(body, "Rate limit", action.RateLimit is { } limit ? $"{limit.Limit} per {limit.Period} by {limit.By}" : "none");
        var job = action.Job;
        Row(body, "As a job", $"queue {job.Queue}, priority {job.Priority}" + (job.MaxAttempts is { } attempts ? $", {attempts} attempts" : "")
            + (job.Backoff is { } backoff ? $", backoff {backoff}" : "") + (job.Cron is { } cron ? $", cron '{cron.Text}' ({cron.TimeZone.Id})" : ""));
        if (action.Subscription is { } subscription)
            Row(body, "Events", string.Join(", ", subscription.Types.Concat(subscription.Categories.Select(c => c + ".*"))));
        body.Raw("</dl>");
        var (input, output) = schemas.For(action.Name);
        body.Raw("<div class=\"schemas\"><section><h3>Input</h3><pre>").Text(input).Raw("</pre></section><section><h3>Output</h3><pre>").Text(output).Raw("</pre></section></div>");
        if (action.Http is { } route)
            Form(body, action, route);
        body.Raw("</details>");
    }

    /// <summary>The form's script reads where each member goes (path, query, header, body) from <c>data-bindings</c>.</summary>
    private static void Form(Html body, ActionDescriptor action, HttpTrigger http)
    {
        var bindings = action.Input.Members.ToDictionary(m => m.JsonName, m => $"{m.Source.ToString().ToLowerInvariant()}:{m.RequestName}", StringComparer.Ordinal);
        var example = "{\n" + string.Join(",\n", action.Input.Members.Select(m => $"  \"{m.JsonName}\": {Placeholder(m.Property.PropertyType)}")) + "\n}";
        body.Raw("<form class=\"invoke\" data-invoke data-method=\"").Text(http.Method).Raw("\" data-route=\"").Text(http.Route.Text)
            .Raw("\" data-bindings=\"").Text(JsonSerializer.Serialize(bindings)).Raw("\"><label>Input (JSON)<textarea name=\"input\" rows=\"6\" spellcheck=\"false\">")
            .Text(action.Input.Members.IsEmpty ? "{}" : example).Raw("</textarea></label><button type=\"submit\">Invoke ").Text(action.Name)
            .Raw("</button><output class=\"result\" aria-live=\"polite\"></output></form>");
    }

    private static string Placeholder(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type.IsEnum)
            return "\"\"";
        if (type == typeof(bool))
            return "false";
        if (type.IsPrimitive || type == typeof(decimal))
            return "0";
        return type.IsArray || (type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) ? "[]" : "null";
    }

    private static IEnumerable<string> Triggers(ActionDescriptor action)
    {
        if (action.Http is not null)
            yield return "http";
        if (action.Job.Cron is not null)
            yield return "cron";
        if (action.Subscription is not null)
            yield return "event";
        if (action.IsWebhook)
            yield return "webhook";
        if (action.Tool is not null)
            yield return "mcp";
    }

    private static string Guards(ActionDescriptor action)
    {
        var guards = action.Guards;
        if (guards.IsEmpty && guards.Requirements.IsEmpty)
            return "none (anyone)";
        var parts = new List<string>();
        if (guards.RequiresSession)
            parts.Add("session");
        parts.AddRange(guards.Requirements.Select(r => $"{r.Kind.ToString().ToLowerInvariant()}: {string.Join(" or ", r.AnyOf)}"));
        parts.AddRange(guards.ActionGuards.Concat(guards.InputGuards).Select(g => g.GuardType.Name));
        return string.Join("; ", parts);
    }

    private static void Row(Html body, string name, string value) =>
        body.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
