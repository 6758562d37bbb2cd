using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Http;

/// <summary>
/// An uploaded file on its way in: streamed to a temporary file (counted and hashed) in the upload
/// folder, which lives as long as the request (deleted when the response is disposed, unless the
/// local store adopted it as a blob).
/// </summary>
internal sealed class SpooledUpload : IAsyncDisposable
{
    private SpooledUpload(SpoolFile file) => File = file;

    public SpoolFile File { get; }

    public static async Task<SpooledUpload> WriteAsync(Stream source, string directory, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "upload-" + Uuid7.New().ToString("N"));
        try
        {
            long length;
            string sha256;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
                (length, sha256) = await HashingCopy.CopyAsync(source, file, maxBytes, cancellationToken).ConfigureAwait(false);
            return new SpooledUpload(new SpoolFile(path, length, sha256));
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
    }

    public FileUpload ToUpload(string fileName, string contentType) =>
        new(fileName, contentType, File.Length, File.OpenRead, File.Sha256);

    public ValueTask DisposeAsync()
    {
        File.Delete();
        return ValueTask.CompletedTask;
    }
}
