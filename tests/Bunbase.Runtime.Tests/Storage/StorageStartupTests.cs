using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Tests.Infrastructure;

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
}
