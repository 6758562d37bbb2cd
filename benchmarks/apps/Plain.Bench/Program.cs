using System.ComponentModel.DataAnnotations;

var builder = WebApplication.CreateBuilder(args);
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

app.Run();

internal sealed record HelloOutput(string Message);

internal sealed record EchoPayload([property: Required] string Name, int Count);
