using System.Text;
using Bunbase.Runtime.Webhooks;

namespace Bunbase.Runtime.Tests.Webhooks;

public sealed class StandardWebhookSignatureTests
{
    // The Standard Webhooks reference libraries' test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    [Fact]
    public void Sign_matches_the_published_test_vector() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhookSignature.Sign(WebhookSecrets.KeyOf(Secret)!, Id, Timestamp, Body));

    [Fact]
    public void Verify_accepts_the_vector_among_other_signatures() =>
        Assert.True(StandardWebhookSignature.Verify(WebhookSecrets.KeyOf(Secret)!, Id, Timestamp, Body, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));

    [Fact]
    public void Verify_refuses_a_changed_body_id_timestamp_or_version()
    {
        var key = WebhookSecrets.KeyOf(Secret)!;
        const string signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        Assert.False(StandardWebhookSignature.Verify(key, Id, Timestamp, Encoding.UTF8.GetBytes("{\"test\": 2432232315}"), signature));
        Assert.False(StandardWebhookSignature.Verify(key, Id + "x", Timestamp, Body, signature));
        Assert.False(StandardWebhookSignature.Verify(key, Id, Timestamp + 1, Body, signature));
        Assert.False(StandardWebhookSignature.Verify(key, Id, Timestamp, Body, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        Assert.False(StandardWebhookSignature.Verify(key, Id, Timestamp, Body, "v1,not base64!"));
    }

    [Fact]
    public void A_generated_secret_is_whsec_and_24_random_bytes()
    {
        var secret = WebhookSecrets.Generate();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(24, WebhookSecrets.KeyOf(secret)!.Length);
        Assert.NotEqual(secret, WebhookSecrets.Generate());
    }
}
