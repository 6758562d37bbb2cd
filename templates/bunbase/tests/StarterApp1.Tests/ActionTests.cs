using System.Net;
using Bunbase.Testing;
using StarterApp1.Actions;

namespace StarterApp1.Tests;

public sealed class ActionTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Hello_greets_by_name()
    {
        var answer = await app.CallAsync(new Hello.Input("Ada"));

        Assert.Equal("Hello, Ada!", answer.Message);
    }

    [Fact]
    public async Task A_created_note_is_listed_and_its_job_runs()
    {
        var note = await app.CallAsync(new CreateNote.Input("from a test"));

        Assert.Contains(note, (await app.CallAsync(new ListNotes.Input())).Notes);
        await app.Jobs.RunUntilIdleAsync();
        var runs = await app.Runs.ListAsync("note-created");
        Assert.Contains(runs, run => run.Status == "ok" && run.Input?.GetProperty("noteId").GetInt64() == note.Id);
    }

    [Fact]
    public async Task An_empty_note_is_a_400()
    {
        var refused = await Assert.ThrowsAsync<ActionCallException>(() => app.CallAsync(new CreateNote.Input("")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("text", refused.Problem.Errors.Keys);
    }
}
