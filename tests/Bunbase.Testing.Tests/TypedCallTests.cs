using System.Net;
using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

public sealed class TypedCallTests(EmbeddedApp app) : IClassFixture<EmbeddedApp>
{
    [Fact]
    public async Task A_typed_call_returns_the_output()
    {
        var note = await app.CallAsync(new CreateNote.Input("milk"));

        Assert.Equal("milk", note.Text);
        Assert.Contains(note, (await app.CallAsync(new ListNotes.Input())).Notes);
    }

    [Fact]
    public async Task A_refused_call_throws_with_status_code_and_field_errors()
    {
        var refused = await Assert.ThrowsAsync<ActionCallException>(() => app.CallAsync(new CreateNote.Input("")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("validation_failed", refused.Code);
        Assert.Contains("text", refused.Problem.Errors.Keys);
    }

    [Fact]
    public async Task SendAsync_returns_the_status_and_the_problem_instead_of_throwing()
    {
        var created = await app.SendAsync(new CreateNote.Input("eggs"));
        var refused = await app.SendAsync(new CreateNote.Input(new string('x', 101)));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("eggs", created.Output!.Text);
        Assert.Null(created.Problem);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("validation_failed", refused.Problem!.Code);
    }

    [Fact]
    public async Task Path_query_header_and_response_header_members_go_where_the_action_binds_them()
    {
        var echo = await app.CallAsync(new Echo.Input(7, "a b&c", "acme", [1, 2, 3]));

        Assert.Equal(new Echo.Output(7, "a b&c", "acme", echo.Pages, 3), echo);
        Assert.Equal([1, 2, 3], echo.Pages!);
    }

    [Fact]
    public async Task An_input_without_IActionInput_is_called_by_action_name()
    {
        var sum = await app.CallAsync<Add.Output>("add", new Add.Input(2, 3));

        Assert.Equal(5, sum.Sum);
    }

    [Fact]
    public async Task A_job_only_action_cannot_be_called_over_HTTP()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.CallAsync(new SendReminder.Input("x")));

        Assert.Contains("no HTTP trigger", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_raw_client_reaches_the_app()
    {
        using var response = await app.Client.GetAsync(new Uri("/notes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
