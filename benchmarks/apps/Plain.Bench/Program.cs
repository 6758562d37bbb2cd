using System.ComponentModel.DataAnnotations;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);

// PLAIN_DATABASE: an Npgsql connection string (the benchmark script passes the default pool or Multiplexing=true).
await using var database = Environment.GetEnvironmentVariable("PLAIN_DATABASE") is { Length: > 0 } connectionString
    ? NpgsqlDataSource.Create(connectionString)
    : null;
var app = builder.Build();

app.MapGet("/hello", () => new HelloOutput("Hello, World!"));
app.MapPost("/echo", (EchoPayload payload) =>
{
    // The same rules as the Bunbase scenario, checked by hand.
    var errors = new Dictionary<string, string[]>();
    if (string.IsNullOrEmpty(payload.Name) || payload.Name.Length > 100)
        errors["name"] = ["The field name must be a string with a minimum length of 1 and a maximum length of 100."];
    if (payload.Count is < 0 or > 1000)
        errors["count"] = ["The field count must be between 0 and 1000."];
    return errors.Count == 0 ? Results.Ok(payload) : Results.ValidationProblem(errors);
});

// The database scenarios, written the ordinary way: a command per request on the shared data source.
app.MapGet("/users/{id:long}", async (long id) =>
{
    await using var command = database!.CreateCommand("select id, name, email from users where id = $1");
    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
    await using var reader = await command.ExecuteReaderAsync();
    return await reader.ReadAsync()
        ? Results.Ok(new UserOutput(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)))
        : Results.NotFound();
});
app.MapPost("/notes", async (NoteInput note) =>
{
    await using var command = database!.CreateCommand("insert into notes (title, body) values ($1, $2) returning id");
    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = note.Title });
    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = note.Body });
    return Results.Ok(new NoteOutput((long)(await command.ExecuteScalarAsync())!));
});

app.Run();

internal sealed record HelloOutput(string Message);

internal sealed record EchoPayload([property: Required] string Name, int Count);

internal sealed record UserOutput(long Id, string Name, string Email);

internal sealed record NoteInput(string Title, string Body);

internal sealed record NoteOutput(long Id);
