using System.Collections.Frozen;
using System.Reflection;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// The application's <c>[Webhook]</c> actions, found in the catalog at build time. A bad declaration
/// (an input other than <see cref="WebhookRequest"/>, a bad name or duration, two webhooks of one name)
/// stops start-up with one line. Secrets are resolved when the app starts (<see cref="WebhooksStartup"/>):
/// a webhook without one is logged and answers 503 (tools that only build the app need none).
/// </summary>
internal sealed partial class InboundWebhooks
{
    private InboundWebhooks(FrozenDictionary<string, InboundWebhook> byName) => ByName = byName;

    public FrozenDictionary<string, InboundWebhook> ByName { get; }

    public static InboundWebhooks From(ActionCatalog catalog, WebhooksOptions options)
    {
        var errors = new List<string>();
        var found = new List<InboundWebhook>();
        foreach (var action in catalog.Actions)
        {
            if (action.HandlerType.GetCustomAttribute<WebhookAttribute>() is not { } declared)
                continue;
            var location = action.Location;
            var before = errors.Count;
            if (!NamePattern().IsMatch(declared.Name ?? ""))
                errors.Add($"{location}: [Webhook(\"{declared.Name}\")] name must be 1-64 letters, digits, '-', '_' or '.'");
            if (action.InputType != typeof(WebhookRequest))
                errors.Add($"{location}: a [Webhook] action's input must be WebhookRequest (the verified delivery), not {action.InputType.Name}");
            var tolerance = Duration(declared.Tolerance, "Tolerance", location, errors) ?? TimeSpan.FromMilliseconds(options.ToleranceMs);
            var window = Duration(declared.DedupWindow, "DedupWindow", location, errors) ?? TimeSpan.FromMilliseconds(options.DedupWindowMs);
            if (errors.Count > before)
                continue;
            var (header, prefix, idHeader) = declared.Scheme switch
            {
                WebhookScheme.HmacSha256 => (declared.SignatureHeader ?? "X-Hub-Signature-256", declared.SignaturePrefix ?? "sha256=", declared.IdHeader ?? "X-GitHub-Delivery"),
                WebhookScheme.TimestampedHmacSha256 => (declared.SignatureHeader ?? "Stripe-Signature", null, declared.IdHeader),
                _ => (StandardWebhookSignature.SignatureHeader, null, StandardWebhookSignature.IdHeader),
            };
            found.Add(new InboundWebhook(declared.Name!, action, declared.Scheme, declared.Secret ?? declared.Name!, header, prefix, idHeader, tolerance, window));
        }

        foreach (var group in found.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"duplicate webhook name '{group.Key}': {string.Join(" and ", group.Select(w => w.Action.Location))}");
        if (errors.Count > 0)
            throw new StartupException("Invalid webhooks: " + string.Join("; ", errors));
        return new InboundWebhooks(found.ToFrozenDictionary(w => w.Name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Resolves every webhook's key from <c>webhooks.secrets</c>; returns the webhooks that have none (they
    /// answer 503 until it is configured). A secret that is there but unusable is a start-up error.
    /// </summary>
    /// <summary>
    /// Resolves each webhook's key; returns what to log: a missing secret, or one published in our documentation
    /// (outside Development that webhook then answers 503 as without a secret). An unusable secret stops start-up.
    /// </summary>
    public List<string> ResolveKeys(WebhooksOptions options, bool development = false)
    {
        var missing = new List<string>();
        var problems = new List<string>();
        foreach (var webhook in ByName.Values)
        {
            var entry = options.Secrets.FirstOrDefault(s => string.Equals(s.Name, webhook.SecretName, StringComparison.Ordinal));
            if (entry?.Secret is not { Length: > 0 } secret)
            {
                missing.Add($"webhook '{webhook.Name}' ({webhook.Action.Location}) has no secret: configure webhooks.secrets '{webhook.SecretName}'; until then it answers 503");
                continue;
            }

            // Stripe's secrets start with whsec_ too, but its scheme signs with the text itself.
            var key = webhook.Scheme == WebhookScheme.StandardWebhooks ? WebhookSecrets.KeyOf(secret) : System.Text.Encoding.UTF8.GetBytes(secret);
            if (key is null || key.Length < 16)
            {
                problems.Add($"the secret webhooks.secrets '{webhook.SecretName}' must be at least 16 bytes (for Standard Webhooks: whsec_ and base64, as the sender gives it)");
                continue;
            }

            // The example app's development secret is in our documentation: anyone could sign deliveries with it.
            // Outside Development the webhook is left without a key (503, as with no secret) rather than trusted.
            if (Auth.Sessions.PublishedSecrets.Contains(secret))
            {
                var problem = $"webhook '{webhook.Name}': the secret webhooks.secrets '{webhook.SecretName}' is a value published in documentation or templates; anyone could sign deliveries with it";
                if (!development)
                {
                    missing.Add(problem + "; it answers 503 until it has the secret the sender gave you");
                    continue;
                }

                missing.Add(problem + " (refused outside Development)");
            }

            webhook.Key = key;
        }

        if (problems.Count > 0)
            throw new StartupException("Invalid webhooks: " + string.Join("; ", problems));
        return missing;
    }

    private static TimeSpan? Duration(string? text, string member, string location, List<string> errors)
    {
        if (text is null)
            return null;
        if (DurationText.Parse(text) is { } duration && duration > TimeSpan.Zero)
            return duration;
        errors.Add($"{location}: [Webhook] {member} = \"{text}\" is not a duration such as 5m or 24h");
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
