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

var email = $"cs-{Guid.NewGuid():N}@example.com";
var signedUp = await Call("SignUp", () => client.SignUpAsync(new SignUpInput { Email = email, Password = "correct horse battery", Name = "Typed" }));
Check(signedUp.User.Email == email && signedUp.Token.Length > 0 && signedUp.User.Roles.Contains("member"), "sign-up");
await Problem(() => client.SignUpAsync(new SignUpInput { Email = email, Password = "another password", Name = "Again" }), HttpStatusCode.Conflict, "email_taken");
await Problem(() => client.MeAsync(), HttpStatusCode.Unauthorized, "session_required");

var signedIn = await Call("SignIn", () => client.SignInAsync(new SignInInput { Email = email, Password = "correct horse battery" }));
client.Token = signedIn.Token;
var me = await Call("Me", () => client.MeAsync());
Check(me.Email == email && me.Name == "Typed", "me");
var user = await Call("GetUser", () => client.GetUserAsync(new GetUserInput { Id = long.Parse(me.Id, System.Globalization.CultureInfo.InvariantCulture) }));
Check(user.Email == email && user.Name == "Typed", "get-user");

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
await Problem(() => client.MeAsync(), HttpStatusCode.Unauthorized, "session_revoked");
client.Token = (await client.SignInAsync(new SignInInput { Email = email, Password = "correct horse battery" })).Token;
await Call("SignOut", async () => { await client.SignOutAsync(); return true; });
await Problem(() => client.MeAsync(), HttpStatusCode.Unauthorized, "session_revoked");

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
