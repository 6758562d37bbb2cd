extern alias FilesApp;

using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Storage;

/// <summary>The files fixture app on one backend, with a clock the tests move (signed URLs expire on it).</summary>
public abstract class FilesAppFixture : IAsyncLifetime
{
    public AppServer Server { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Client => Server.Client;

    public IFileStorage Storage => Server.Services.GetRequiredService<IFileStorage>();

    /// <summary>The app's local storage folder (local backend only).</summary>
    public string? LocalRoot { get; protected set; }

    protected abstract Task<string> StorageConfigAsync();

    public async Task InitializeAsync()
    {
        var storage = await StorageConfigAsync();
        Server = await AppServer.StartAsync(
            typeof(FilesApp::Program).Assembly,
            extraConfig: $$""" "storage": {{storage}} """,
            host: h => h.ConfigureServices = s => s.AddSingleton<TimeProvider>(Clock));
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class LocalFilesApp : FilesAppFixture
{
    protected override Task<string> StorageConfigAsync()
    {
        LocalRoot = Directory.CreateTempSubdirectory("bunbase-files-").FullName;
        return Task.FromResult($$"""{ "localPath": "{{LocalRoot.Replace('\\', '/')}}", "maxUploadBytes": 300000000 }""");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(LocalRoot!, recursive: true);
    }
}

public sealed class S3FilesApp : FilesAppFixture
{
    public S3Server S3 { get; private set; } = null!;

    protected override async Task<string> StorageConfigAsync()
    {
        S3 = await S3Server.StartAsync();
        return S3.ConfigJson();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}
