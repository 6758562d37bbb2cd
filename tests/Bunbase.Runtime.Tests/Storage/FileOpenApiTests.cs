using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Storage;

/// <summary>The OpenAPI document describes uploads (multipart, binary) and file downloads.</summary>
public sealed class FileOpenApiTests(LocalFilesApp app) : IClassFixture<LocalFilesApp>
{
    [Fact]
    public async Task Uploads_are_multipart_with_binary_files_and_downloads_are_binary()
    {
        var text = await app.Client.GetStringAsync("/openapi.json");
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");

        var upload = paths.GetProperty("/files").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(upload.TryGetProperty("multipart/form-data", out _));
        Assert.Equal("binary", upload.GetProperty("application/octet-stream").GetProperty("schema").GetProperty("format").GetString());
        Assert.Contains("binary", text, StringComparison.Ordinal);
        var image = paths.GetProperty("/images").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(image.TryGetProperty("image/png", out _));
        Assert.False(paths.GetProperty("/pairs").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/octet-stream", out _));
        var download = paths.GetProperty("/files").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal("binary", download.GetProperty("*/*").GetProperty("schema").GetProperty("format").GetString());

        var file = Path.Combine(Path.GetTempPath(), $"bunbase-files-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text);
        try
        {
            var (exitCode, output) = await NodeTools.RunAsync("validate.mjs", file);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
