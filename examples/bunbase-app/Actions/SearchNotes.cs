using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

/// <summary>
/// An MCP tool (no HTTP route): an assistant connected to <c>/_mcp</c>, or through <c>bunbase mcp</c>,
/// searches the notes as the signed-in user whose session token it was given.
/// </summary>
[Action("search-notes", Description = "Searches the notes' titles and bodies for a text (case-insensitive), newest first; needs a signed-in user")]
[Tool(Title = "Search notes", ReadOnly = true)]
[Authenticated]
[RateLimit(60, Per = "1m")]
public sealed class SearchNotes : ActionHandler<SearchNotes.Input, SearchNotes.Output>
{
    public sealed record Input(
        [Required, StringLength(100, MinimumLength = 1)] string Text,
        [Range(1, 50)] int Limit = 10);

    public sealed record Output(IReadOnlyList<Note> Notes);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // The text is matched literally: LIKE's wildcards in it are escaped.
        var pattern = "%" + input.Text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var notes = await context.Db.QueryAsync<Note>(
            """
            select id, title, body, created_at from notes
            where lower(title) like @Pattern escape '\' or lower(body) like @Pattern escape '\'
            order by id desc limit @Limit
            """,
            new { Pattern = pattern, input.Limit },
            cancellationToken);
        return new Output([.. notes]);
    }
}
