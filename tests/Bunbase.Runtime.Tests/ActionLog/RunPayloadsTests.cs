using System.Text.Json;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Tests.ActionLog;

public sealed class RunPayloadsTests
{
    private static RunPayloads Payloads(int maxBytes = 8_192) =>
        new(new JsonContracts().Options, new PersistenceOptions { MaxPayloadBytes = maxBytes });

    [Fact]
    public void Properties_named_like_passwords_secrets_and_tokens_are_redacted_at_any_depth()
    {
        var json = Payloads().Serialize(new Account("ann@example.com", "hunter2", new Nested("s3cr3t", "kept"), "abc.def.ghi"))!;

        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", json, StringComparison.Ordinal);
        Assert.DoesNotContain("abc.def.ghi", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("ann@example.com", root.GetProperty("email").GetString());
        Assert.Equal(RunPayloads.Redacted, root.GetProperty("password").GetString());
        Assert.Equal(RunPayloads.Redacted, root.GetProperty("refreshToken").GetString());
        Assert.Equal(RunPayloads.Redacted, root.GetProperty("nested").GetProperty("clientSecret").GetString());
        Assert.Equal("kept", root.GetProperty("nested").GetProperty("label").GetString());
    }

    [Fact]
    public void Sensitive_members_are_redacted_on_positional_parameters_and_plain_properties()
    {
        var json = Payloads().Serialize(new Card("4111111111111111", "Ann") { Pin = 1234 })!;

        Assert.DoesNotContain("4111111111111111", json, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", json, StringComparison.Ordinal);
        Assert.Contains("\"holder\":\"Ann\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_cap_becomes_a_note_of_its_size()
    {
        var json = Payloads(maxBytes: 64).Serialize(new Nested("x", new string('a', 500)))!;

        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
        Assert.True(document.RootElement.GetProperty("bytes").GetInt32() > 500);
    }

    [Fact]
    public void Nothing_is_stored_as_null()
    {
        Assert.Null(Payloads().Serialize(null));
    }

    [Fact]
    public void Redaction_does_not_change_the_api_json()
    {
        var api = new JsonContracts().Options;
        _ = Payloads().Serialize(new Account("a@b.c", "hunter2", new Nested("s", "l"), "t"));

        Assert.Contains("hunter2", JsonSerializer.Serialize(new Account("a@b.c", "hunter2", new Nested("s", "l"), "t"), api), StringComparison.Ordinal);
    }

    private sealed record Account(string Email, string Password, Nested Nested, string RefreshToken);

    private sealed record Nested(string ClientSecret, string Label);

    private sealed record Card([property: Sensitive] string Number, string Holder)
    {
        [Sensitive]
        public int Pin { get; init; }
    }
}
