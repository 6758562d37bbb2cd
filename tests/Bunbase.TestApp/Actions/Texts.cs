using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;

namespace Bunbase.TestApp.Actions;

// Text from every binding source stored in the database, the same SQL on PostgreSQL and SQLite:
// for the tests of characters one engine can store and the other cannot (U+0000).

/// <summary>Stores every string it binds (body, nested, array, JSON value, header, query, cookie) and returns how many rows the table holds.</summary>
[Action("store-text")]
[Post("/texts", Status = 201)]
public sealed class StoreText : ActionHandler<StoreText.Input, StoreText.Output>
{
    public sealed record Input(
        [Required] string Text,
        string[]? Tags,
        Note? Nested,
        JsonElement? Extra,
        [FromHeader("X-Label")] string? Label,
        [FromQuery] string? Source,
        [FromCookie("pref")] string? Pref);

    public sealed record Note(string? Body, IReadOnlyList<Note>? Replies);

    public sealed record Output(long Rows);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync("create table if not exists texts (body text)", cancellationToken: cancellationToken);
        foreach (var text in (string?[])[input.Text, .. input.Tags ?? [], input.Nested?.Body, input.Extra?.GetRawText(), input.Label, input.Source, input.Pref])
        {
            if (text is not null)
                await context.Db.ExecuteAsync("insert into texts (body) values (@text)", new { text }, cancellationToken);
        }

        return new Output(await context.Db.ExecuteScalarAsync<long>("select count(*) from texts", cancellationToken: cancellationToken));
    }
}

/// <summary>Stores text the handler makes from its input (base64 decoded): a NUL can reach the database this way.</summary>
[Action("store-decoded-text")]
[Post("/texts/decoded", Status = 201)]
public sealed class StoreDecodedText : ActionHandler<StoreDecodedText.Input, StoreText.Output>
{
    public sealed record Input([Required] string Base64);

    public override async Task<StoreText.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(input.Base64));
        await context.Db.ExecuteAsync("create table if not exists texts (body text)", cancellationToken: cancellationToken);
        await context.Db.ExecuteAsync("insert into texts (body) values (@text)", new { text }, cancellationToken);
        return new StoreText.Output(await context.Db.ExecuteScalarAsync<long>("select count(*) from texts", cancellationToken: cancellationToken));
    }
}

/// <summary>Stores the first <c>Length</c> UTF-16 units of its text, as handlers that shorten a title do: the cut can fall inside an emoji.</summary>
[Action("store-cut-text")]
[Post("/texts/cut", Status = 201)]
public sealed class StoreCutText : ActionHandler<StoreCutText.Input, StoreText.Output>
{
    public sealed record Input([Required] string Text, [Range(1, 1000)] int Length);

    public override async Task<StoreText.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var text = input.Text[..Math.Min(input.Length, input.Text.Length)];
        await context.Db.ExecuteAsync("create table if not exists texts (body text)", cancellationToken: cancellationToken);
        await context.Db.ExecuteAsync("insert into texts (body) values (@text)", new { text }, cancellationToken);
        return new StoreText.Output(await context.Db.ExecuteScalarAsync<long>("select count(*) from texts", cancellationToken: cancellationToken));
    }
}

/// <summary>Returns text the handler decodes (base64), NUL included: output the client and the run log get as is.</summary>
[Action("decode-text")]
[Post("/texts/decode")]
public sealed class DecodeText : ActionHandler<StoreDecodedText.Input, DecodeText.Output>
{
    public sealed record Output(string Text);

    public override Task<Output> RunAsync(StoreDecodedText.Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(Encoding.UTF8.GetString(Convert.FromBase64String(input.Base64))));
}
