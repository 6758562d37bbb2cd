using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Webhooks;

/// <summary>One <c>[Webhook]</c> action as the runtime serves it: where, how it is signed, how long ids are remembered. Its key is resolved at start.</summary>
internal sealed class InboundWebhook(
    string name,
    ActionDescriptor action,
    WebhookScheme scheme,
    string secretName,
    string? signatureHeader,
    string? signaturePrefix,
    string? idHeader,
    TimeSpan tolerance,
    TimeSpan dedupWindow)
{
    public const string PathPrefix = "/_webhooks/";

    public string Name { get; } = name;

    public ActionDescriptor Action { get; } = action;

    public WebhookScheme Scheme { get; } = scheme;

    /// <summary>The entry of <c>webhooks.secrets</c> that holds the secret.</summary>
    public string SecretName { get; } = secretName;

    public string? SignatureHeader { get; } = signatureHeader;

    public string? SignaturePrefix { get; } = signaturePrefix;

    public string? IdHeader { get; } = idHeader;

    public TimeSpan Tolerance { get; } = tolerance;

    public TimeSpan DedupWindow { get; } = dedupWindow;

    public string Path => PathPrefix + Name;

    /// <summary>The secret's bytes, set at start from <c>webhooks.secrets</c>.</summary>
    public byte[]? Key { get; set; }
}
