using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

/// <summary>A collection fixture: these classes share one app, and none depends on another's data or order.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class SharedFixtureTests(EmbeddedApp app)
{
    [Fact]
    public async Task A_class_of_the_collection_sees_its_own_writes()
    {
        var note = await app.CallAsync(new CreateNote.Input("shared"));

        Assert.Contains(note, (await app.CallAsync(new ListNotes.Input())).Notes);
    }
}

[Collection(SharedAppCollection.Name)]
public sealed class SharedFixtureOtherTests(EmbeddedApp app)
{
    [Fact]
    public async Task Another_class_of_the_collection_uses_the_same_app()
    {
        Assert.Equal(5, (await app.CallAsync<Add.Output>("add", new Add.Input(2, 3))).Sum);
    }
}
