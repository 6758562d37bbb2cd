// Calls every operation of the example app through the generated C# client.
// usage: dotnet ClientSmoke.dll BASE_URL
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BunbaseApp.Client;

using var http = new HttpClient { BaseAddress = new Uri(args[0]), Timeout = TimeSpan.FromSeconds(30) };
var client = new BunbaseClient(http);
var called = new HashSet<string>(StringComparer.Ordinal);

var hello = await Call("Hello", () => client.HelloAsync());
Check(hello.Message == "Hello, World!", "hello");

var echoed = await Call("Echo", () => client.EchoAsync(new EchoPayload { Name = "typed", Count = 42 }));
Check(echoed.Name == "typed" && echoed.Count == 42, "echo");
var invalid = await Problem(() => client.EchoAsync(new EchoPayload { Name = "", Count = 5000 }), HttpStatusCode.BadRequest, "validation_failed");
Check(invalid.Errors.ContainsKey("name") && invalid.Errors.ContainsKey("count"), "field errors");

var task = await Call("CreateTask", () => client.CreateTaskAsync(new CreateTaskInput { Title = "call every operation" }));
Check(task.Title == "call every operation" && task.Description is null && task.Location == $"/tasks/{task.Id}", "create-task");
var listed = await Call("ListTasks", () => client.ListTasksAsync(new ListTasksInput { Limit = 5, Search = "every operation" }));
Check(listed.Items.Any(t => t.Id == task.Id), "list-tasks finds it");
Check((await client.ListTasksAsync()).Items.Count >= 1, "list-tasks without input");
var found = await Call("GetTask", () => client.GetTaskAsync(new GetTaskInput { Id = task.Id }));
Check(found.CreatedAt == task.CreatedAt, "get-task");
await Call("DeleteTask", async () => { await client.DeleteTaskAsync(new DeleteTaskInput { Id = task.Id }); return true; });
await Problem(() => client.GetTaskAsync(new GetTaskInput { Id = task.Id }), HttpStatusCode.NotFound, "task_not_found");

// Accounts are the runtime's module (under /_accounts); the test starts the app with accounts.requireVerifiedEmail off,
// since the mailed codes do not reach this program: verify-email, the reset and the invitation are refused here.
var email = $"cs-{Guid.NewGuid():N}@example.com";
const string Password = "correct horse battery";
var accepted = await Call("AccountsSignUp", () => client.AccountsSignUpAsync(new AccountsModuleSignUpInput { Email = email, Password = Password, Name = "Typed" }));
Check(accepted.Status == "check_your_mail", "accounts.sign-up");
await Call("AccountsSendVerification", () => client.AccountsSendVerificationAsync(new AccountsModuleSendVerificationInput { Email = email }));
await Refused("AccountsVerifyEmail", () => client.AccountsVerifyEmailAsync(new AccountsModuleVerifyEmailInput { Email = email, Code = "0000000000" }), HttpStatusCode.BadRequest, "code_invalid");
await Call("AccountsRequestPasswordReset", () => client.AccountsRequestPasswordResetAsync(new AccountsModuleRequestPasswordResetInput { Email = email }));
await Refused("AccountsResetPassword", async () => { await client.AccountsResetPasswordAsync(new AccountsModuleResetPasswordInput { Email = email, Code = "0000000000", Password = "another long password" }); return true; }, HttpStatusCode.BadRequest, "code_invalid");
await Problem(() => client.MyProfileAsync(), HttpStatusCode.Unauthorized, "session_required");

var signedIn = await Call("AccountsSignIn", () => client.AccountsSignInAsync(new AccountsModuleSignInInput { Email = email, Password = Password }));
client.Token = signedIn.Token;
var me = await Call("AccountsMe", () => client.AccountsMeAsync());
Check(me.Email == email && me.Name == "Typed" && me.Roles.Contains("member"), "accounts.me");

// The app's side of the account: its account-created subscriber makes the profile a moment later.
UserView? profile = null;
for (var attempt = 0; attempt < 100 && profile is null; attempt++)
{
    try
    {
        profile = await Call("MyProfile", () => client.MyProfileAsync());
    }
    catch (BunbaseProblemException e) when (e.Status == HttpStatusCode.NotFound)
    {
        await Task.Delay(100);
    }
}

Check(profile is not null && profile.Email == email, "my-profile");
var user = await Call("GetUser", () => client.GetUserAsync(new GetUserInput { Id = profile!.Id }));
Check(user.Email == email && user.Name == "Typed", "get-user");

// Sessions, API keys, organisations.
await client.AccountsSignInAsync(new AccountsModuleSignInInput { Email = email, Password = Password });
var sessions = await Call("AccountsSessions", () => client.AccountsSessionsAsync());
var other = sessions.Sessions.First(s => !s.Current);
await Call("AccountsRevokeSession", async () => { await client.AccountsRevokeSessionAsync(new AccountsModuleRevokeSessionInput { Id = other.Id }); return true; });
var key = await Call("AccountsCreateApiKey", () => client.AccountsCreateApiKeyAsync(new AccountsModuleCreateApiKeyInput { Name = "ci", Permissions = [] }));
Check((await Call("AccountsApiKeys", () => client.AccountsApiKeysAsync())).Keys.Any(k => k.Id == key.Id), "accounts.api-keys");
await Call("AccountsRevokeApiKey", async () => { await client.AccountsRevokeApiKeyAsync(new AccountsModuleRevokeApiKeyInput { Id = key.Id }); return true; });
var org = await Call("AccountsCreateOrg", () => client.AccountsCreateOrgAsync(new AccountsModuleCreateOrgInput { Name = "Typed team" }));
Check((await Call("AccountsOrgs", () => client.AccountsOrgsAsync())).Orgs.Any(o => o.Id == org.Id), "accounts.orgs");
await Call("AccountsInvite", () => client.AccountsInviteAsync(new AccountsModuleInviteInput { Org = org.Id, Email = "colleague@example.com", Role = "member" }));
await Refused("AccountsAcceptInvite", () => client.AccountsAcceptInviteAsync(new AccountsModuleAcceptInviteInput { Token = "not-a-token" }), HttpStatusCode.BadRequest, "invite_invalid");
var announcement = await Call("PostOrgAnnouncement", () => client.PostOrgAnnouncementAsync(new PostOrgAnnouncementInput { Org = org.Id, Text = "typed hello" }));
Check((await Call("OrgAnnouncements", () => client.OrgAnnouncementsAsync(new OrgAnnouncementsInput { Org = org.Id }))).Items[0].Id == announcement.Id, "org-announcements");
await Problem(() => client.OrgAnnouncementsAsync(new OrgAnnouncementsInput { Org = "not-an-org" }), HttpStatusCode.Forbidden, "org_access_denied");

// Providers: none is configured in this app.
await Refused("AccountsOauthStart", () => client.AccountsOauthStartAsync(new AccountsModuleOAuthStartInput { Provider = "github" }), HttpStatusCode.NotFound, "oauth_provider_not_found");
await Refused("AccountsOauthCallback", () => client.AccountsOauthCallbackAsync(new AccountsModuleOAuthCallbackInput { Provider = "github", Code = "c", State = "s" }), HttpStatusCode.NotFound, "oauth_provider_not_found");

// TOTP: enrol, confirm with a code computed here (RFC 6238), then sign in in two steps with a backup code.
var enrolment = await Call("AccountsMfaEnroll", () => client.AccountsMfaEnrollAsync());
var backup = (await Call("AccountsMfaConfirm", () => client.AccountsMfaConfirmAsync(new AccountsModuleMfaConfirmInput { Code = Totp(enrolment.Secret) }))).BackupCodes;
var challenge = await client.AccountsSignInAsync(new AccountsModuleSignInInput { Email = email, Password = Password });
Check(challenge.MfaRequired == true && challenge.Token is null && challenge.MfaToken is not null, "sign-in asks for the second factor");
var stepped = await Call("AccountsSignInMfa", () => client.AccountsSignInMfaAsync(new AccountsModuleSignInMfaInput { MfaToken = challenge.MfaToken!, Code = backup[0] }));
client.Token = stepped.Token;
await Call("AccountsMfaStepUp", async () => { await client.AccountsMfaStepUpAsync(new AccountsModuleMfaStepUpInput { Code = backup[1] }); return true; });
await Call("AccountsMfaDisable", async () => { await client.AccountsMfaDisableAsync(new AccountsModuleMfaDisableInput { Code = backup[2] }); return true; });

var note = await Call("CreateNote", () => client.CreateNoteAsync(new CreateNoteInput { Title = "typed note", Body = "from the client" }));
Check(note.Location == $"/notes/{note.Id}", "create-note");
var read = await Call("GetNote", () => client.GetNoteAsync(new GetNoteInput { Id = note.Id }));
Check(read.Title == "typed note" && read.Body == "from the client", "get-note");
await Problem(() => client.GetNoteAsync(new GetNoteInput { Id = 0 }), HttpStatusCode.BadRequest, "validation_failed");

// Creating a note publishes note-created; its subscriber counts it for today, a moment later.
var activity = await Call("NoteActivity", () => client.NoteActivityAsync());
for (var attempt = 0; attempt < 100 && activity.Count < 1; attempt++)
{
    await Task.Delay(100);
    activity = await Call("NoteActivity", () => client.NoteActivityAsync());
}

Check(activity.Count >= 1 && activity.Date.Length == 10, "note-activity");

// The count-notes cron job's first (catch-up) tick runs at start: until it has, note-stats answers 404.
NoteCount? stats = null;
for (var attempt = 0; attempt < 100 && stats is null; attempt++)
{
    try
    {
        stats = await Call("NoteStats", () => client.NoteStatsAsync());
    }
    catch (BunbaseProblemException e) when (e.Status == HttpStatusCode.NotFound)
    {
        await Task.Delay(100);
    }
}

Check(stats is { Notes: >= 0 }, "note-stats");

// A signed upload URL for the caller's own avatar (the upload itself is a PUT of the raw image, outside the typed client).
var avatarUrl = await Call("AvatarUploadUrl", () => client.AvatarUploadUrlAsync(new AvatarUploadUrlInput { ContentType = "image/png" }));
Check(avatarUrl.Url.StartsWith("/_files/avatars/", StringComparison.Ordinal), "avatar-upload-url");

await Call("SignOutEverywhere", async () => { await client.SignOutEverywhereAsync(); return true; });
await Problem(() => client.AccountsMeAsync(), HttpStatusCode.Unauthorized, "session_revoked");
client.Token = (await client.AccountsSignInAsync(new AccountsModuleSignInInput { Email = email, Password = Password })).Token;
await Call("AccountsSignOut", async () => { await client.AccountsSignOutAsync(); return true; });
await Problem(() => client.AccountsMeAsync(), HttpStatusCode.Unauthorized, "session_revoked");

// Cancellation: a cancelled token cancels the call.
using (var cancelled = new CancellationTokenSource())
{
    await cancelled.CancelAsync();
    try
    {
        await client.HelloAsync(cancelled.Token);
        throw new InvalidOperationException("a cancelled call succeeded");
    }
    catch (OperationCanceledException)
    {
    }
}

// A bearer session past half its lifetime is renewed: the response carries the new token in Session-Token, which the
// client sends from then on (checked against a handler that answers like the app).
var renewing = new RenewingHandler();
using (var renewingHttp = new HttpClient(renewing) { BaseAddress = new Uri("http://renewal.invalid") })
{
    var renewingClient = new BunbaseClient(renewingHttp) { Token = "first" };
    await renewingClient.HelloAsync();
    await renewingClient.HelloAsync();
    Check(renewing.Sent.SequenceEqual(["Bearer first", "Bearer second"]) && renewingClient.Token == "second", "a renewed token is sent from then on; sent: " + string.Join(", ", renewing.Sent));
}

var operations = typeof(BunbaseClient).GetMethods().Where(m => m.DeclaringType == typeof(BunbaseClient) && m.Name.EndsWith("Async", StringComparison.Ordinal)).Select(m => m.Name[..^"Async".Length]).ToList();
var missing = operations.Where(o => !called.Contains(o)).ToList();
Check(missing.Count == 0, "every operation is called; not: " + string.Join(", ", missing));
Console.WriteLine($"{called.Count} operations called");
return 0;

async Task<T> Call<T>(string operation, Func<Task<T>> call)
{
    var result = await call();
    called.Add(operation);
    return result;
}

// An operation whose success needs what this program cannot have (a mailed code, a provider): called, and refused as expected.
async Task Refused<T>(string operation, Func<Task<T>> call, HttpStatusCode status, string code)
{
    await Problem(call, status, code);
    called.Add(operation);
}

// A TOTP code (RFC 6238: HMAC-SHA-1, 30 s, 6 digits) of a base32 secret.
static string Totp(string secret)
{
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    var bytes = new List<byte>();
    int buffer = 0, bits = 0;
    foreach (var character in secret.TrimEnd('=').ToUpperInvariant())
    {
        buffer = (buffer << 5) | Alphabet.IndexOf(character, StringComparison.Ordinal);
        bits += 5;
        if (bits >= 8)
        {
            bits -= 8;
            bytes.Add((byte)((buffer >> bits) & 0xff));
        }
    }

    var counter = new byte[8];
    System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // TOTP is defined on HMAC-SHA-1
    var mac = System.Security.Cryptography.HMACSHA1.HashData(bytes.ToArray(), counter);
#pragma warning restore CA5350
    var offset = mac[19] & 0x0f;
    var value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
    return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}

static async Task<BunbaseProblemException> Problem<T>(Func<Task<T>> call, HttpStatusCode status, string code)
{
    try
    {
        await call();
    }
    catch (BunbaseProblemException e)
    {
        Check(e.Status == status && e.Code == code, $"{(int)status} {code}, got {(int)e.Status} {e.Code}: {e.Detail}");
        Check(!string.IsNullOrEmpty(e.TraceId), "a trace id");
        return e;
    }

    throw new InvalidOperationException($"expected {(int)status} {code}, but the call succeeded");
}

static void Check(bool condition, string what)
{
    if (!condition)
        throw new InvalidOperationException("check failed: " + what);
}

sealed class RenewingHandler : HttpMessageHandler
{
    public List<string?> Sent { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Add(request.Headers.Authorization?.ToString());
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"message":"Hello, World!"}""", System.Text.Encoding.UTF8, "application/json") };
        if (Sent.Count == 1)
            response.Headers.Add("Session-Token", "second");
        return Task.FromResult(response);
    }
}
