using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using MimeKit;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>ctx.Mail against a real SMTP server on loopback: what arrives, what is refused when queued, retries and rollbacks.</summary>
public sealed class MailTests
{
    [Fact]
    public async Task A_queued_message_arrives_with_its_headers_recipients_and_attachment_and_the_log_says_sent()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await MailAppServer.StartAsync(sink.Port);

        var id = await SendAsync(app, new
        {
            to = new[] { "Ada Lovelace <ada@example.com>" },
            bcc = new[] { "audit@example.com" },
            subject = "Your report",
            text = "Plain body",
            html = "<p>HTML body</p>",
            attachmentText = "attached words",
            headers = new Dictionary<string, string> { ["X-Campaign"] = "reports" },
        });

        var (message, recipients) = (await sink.WaitForAsync(1)).Single();
        Assert.Equal("app@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("Ada Lovelace", message.To.Mailboxes.Single().Name);
        Assert.Empty(message.Bcc);
        Assert.Equal(["ada@example.com", "audit@example.com"], recipients.Order(StringComparer.Ordinal));
        Assert.Equal("Your report", message.Subject);
        Assert.Equal("Plain body", message.TextBody!.Trim());
        Assert.Equal("<p>HTML body</p>", message.HtmlBody!.Trim());
        Assert.Equal("reports", message.Headers["X-Campaign"]);
        Assert.Equal($"{id:N}@example.com", message.MessageId);
        var attachment = (MimePart)message.Attachments.Single();
        Assert.Equal("note.txt", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal("attached words", System.Text.Encoding.UTF8.GetString(content.ToArray()));

        await Eventually.TrueAsync(async () => await LogAsync(app, id, "status") == "sent", "the mail log to say sent");
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'"));
    }

    [Fact]
    public async Task A_template_renders_its_data_raw_in_the_subject_and_text_and_escaped_in_the_html()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await MailAppServer.StartAsync(sink.Port);
        const string name = "<script>alert(1)</script> & \"Ada\"";

        await SendAsync(app, new { to = new[] { "ada@example.com" }, template = "welcome", data = new Dictionary<string, string> { ["name"] = name } });

        var message = (await sink.WaitForAsync(1)).Single().Message;
        Assert.Equal($"Welcome, {name}!", message.Subject);
        Assert.Contains($"Hello {name},", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ada&quot;</b>", message.HtmlBody, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadMessages => new()
    {
        """{ "to": ["not-an-address"], "subject": "s", "text": "t" }""",
        """{ "to": ["ada@"], "subject": "s", "text": "t" }""",
        """{ "to": ["ada@example.com\r\nBcc: evil@example.com"], "subject": "s", "text": "t" }""",
        """{ "to": ["ada@example.com, eve@example.com"], "subject": "s", "text": "t" }""",
        """{ "to": [], "subject": "s", "text": "t" }""",
        """{ "to": ["ada@example.com"], "subject": "one\r\nBcc: evil@example.com", "text": "t" }""",
        """{ "to": ["ada@example.com"], "subject": "s", "text": "t", "headers": { "Bcc": "evil@example.com" } }""",
        """{ "to": ["ada@example.com"], "subject": "s", "text": "t", "headers": { "X-Bad Name": "v" } }""",
        """{ "to": ["ada@example.com"], "subject": "s", "text": "t", "headers": { "X-Ok": "one\nBcc: evil@example.com" } }""",
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task A_message_that_could_never_be_sent_is_a_400_invalid_mail_and_nothing_is_queued(string body)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await MailAppServer.StartAsync(sink.Port);

        using var response = await app.Client.PostAsync("/mail", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_mail", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_mail"));
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs"));
    }

    [Fact]
    public async Task A_message_over_mail_maxMessageBytes_is_a_413_and_nothing_is_queued()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await MailAppServer.StartAsync(sink.Port, mail: "\"maxMessageBytes\": 2048");

        using var response = await app.Client.PostAsJsonAsync("/mail", new { to = new[] { "ada@example.com" }, subject = "big", text = "t", attachmentText = new string('x', 4_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("mail_too_large", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_mail"));
    }

    [Fact]
    public async Task A_mail_server_outage_is_retried_and_the_message_delivered_once_when_it_is_back()
    {
        int port;
        await using (var probe = await SmtpSink.StartAsync())
            port = probe.Port; // a port nothing listens on once the probe is gone
        await using var app = await MailAppServer.StartAsync(port, mail: "\"maxAttempts\": 100");

        var id = await SendAsync(app, new { to = new[] { "ada@example.com" }, subject = "while down", text = "t" });
        await Eventually.TrueAsync(async () => await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'") >= 2, "two failed attempts");
        Assert.Equal("queued", await LogAsync(app, id, "status"));
        Assert.NotNull(await LogAsync(app, id, "error"));

        await using var sink = await SmtpSink.StartAsync(port);
        var message = (await sink.WaitForAsync(1)).Single().Message;
        Assert.Equal("while down", message.Subject);
        await Eventually.TrueAsync(async () => await LogAsync(app, id, "status") == "sent", "the mail log to say sent");
        Assert.True(await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'") >= 3);
        Assert.Null(await LogAsync(app, id, "error"));
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs"));
        Assert.Single(sink.Received());
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_for_good_fails_at_once_without_retrying()
    {
        await using var sink = await SmtpSink.StartAsync(rejectRecipient: "nobody@example.com");
        await using var app = await MailAppServer.StartAsync(sink.Port);

        var id = await SendAsync(app, new { to = new[] { "nobody@example.com" }, subject = "s", text = "t" });

        await Eventually.TrueAsync(async () => await LogAsync(app, id, "status") == "failed", "the mail log to say failed");
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'"));
        Assert.Contains("550", await LogAsync(app, id, "error"), StringComparison.Ordinal);
        Assert.Empty(sink.Received());
    }

    [Fact]
    public async Task A_rolled_back_transaction_sends_nothing_and_a_committed_one_sends_its_mail()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await MailAppServer.StartAsync(sink.Port);

        using var failed = await app.Client.PostAsJsonAsync("/sign-up", new { email = "first@example.com", name = "First", fail = true });
        Assert.Equal(HttpStatusCode.Conflict, failed.StatusCode);
        using var signedUp = await app.Client.PostAsJsonAsync("/sign-up", new { email = "second@example.com", name = "Second", fail = false });
        Assert.Equal(HttpStatusCode.OK, signedUp.StatusCode);

        var (message, recipients) = (await sink.WaitForAsync(1)).Single();
        Assert.Equal(["second@example.com"], recipients);
        Assert.Equal("Welcome, Second!", message.Subject);
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_mail"));
    }

    [Fact]
    public async Task Operators_read_the_mail_log_by_status_and_by_id_and_a_bad_status_or_id_is_a_4xx()
    {
        await using var sink = await SmtpSink.StartAsync(rejectRecipient: "nobody@example.com");
        await using var app = await MailAppServer.StartAsync(sink.Port);
        var sent = await SendAsync(app, new { to = new[] { "ada@example.com" }, subject = "fine", text = "t" });
        var failed = await SendAsync(app, new { to = new[] { "nobody@example.com" }, subject = "refused", text = "t" });
        await Eventually.TrueAsync(async () => await LogAsync(app, failed, "status") == "failed" && await LogAsync(app, sent, "status") == "sent", "both to be settled");
        using var client = TestSessions.PlainClient(app.Server);
        var admin = await TestSessions.StartAsync(client, "ops", ["admin"]);

        var listed = await AdminAsync(client, admin, "/_admin/mail?status=failed");
        var entry = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(failed.ToString(), entry.GetProperty("id").GetString());
        Assert.Equal("nobody@example.com", entry.GetProperty("recipients").GetString());
        Assert.Equal("sent", (await AdminAsync(client, admin, $"/_admin/mail/{sent}")).GetProperty("status").GetString());

        using var badStatus = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/mail?status=lost", admin));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        using var unknown = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, $"/_admin/mail/{Guid.NewGuid()}", admin));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var notAnId = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/mail/not-an-id", admin));
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        using var anonymous = await client.GetAsync("/_admin/mail");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task<JsonElement> AdminAsync(HttpClient client, string token, string path)
    {
        using var response = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, path, token));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Mail_is_sent_on_the_embedded_backend_too()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await MailAppServer.StartAsync(sink.Port, postgres: false);

        await SendAsync(app, new { to = new[] { "ada@example.com" }, template = "welcome", data = new Dictionary<string, string> { ["name"] = "Ada" } });

        Assert.Equal("Welcome, Ada!", (await sink.WaitForAsync(1)).Single().Message.Subject);
    }

    private static async Task<Guid> SendAsync(MailAppServer app, object body)
    {
        using var response = await app.Client.PostAsJsonAsync("/mail", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static Task<string?> LogAsync(MailAppServer app, Guid id, string column) =>
        app.Database!.ScalarAsync<string>($"select {column} from bunbase_mail where id = '{id}'");
}
