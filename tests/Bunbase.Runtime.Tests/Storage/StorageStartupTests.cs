using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Storage;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Tests.Storage;

public sealed class StorageStartupTests
{
    [Fact]
    public async Task A_local_storage_folder_that_cannot_be_created_stops_start_up_with_one_clear_line()
    {
        var file = Path.GetTempFileName();   // a file where the folder should be
        try
        {
            var error = await Assert.ThrowsAsync<StartupException>(async () =>
            {
                await using var app = await AppServer.StartAsync(extraConfig: $$""" "storage": { "localPath": "{{file}}/storage" } """);
            });

            Assert.StartsWith("the local storage folder is not writable (", error.Message, StringComparison.Ordinal);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_old_unreferenced_blob_is_removed_at_start()
    {
        var root = Directory.CreateTempSubdirectory("bunbase-storage-").FullName;
        try
        {
            var orphan = Path.Combine(root, "blobs", "orphan");
            Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
            await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
            File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow - TimeSpan.FromDays(1));

            await using var app = await AppServer.StartAsync(extraConfig: $$""" "storage": { "localPath": "{{root.Replace('\\', '/')}}" } """);
            var startup = app.Services.GetServices<IHostedService>().OfType<StorageStartup>().Single();
            await startup.Sweep.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.False(File.Exists(orphan));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
