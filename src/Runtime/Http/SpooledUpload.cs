using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Http;

/// <summary>
/// An uploaded file on its way in: streamed to a temporary file (counted and hashed), which lives as
/// long as the request (it is opened delete-on-close and disposed with the response).
/// </summary>
internal sealed class SpooledUpload : IAsyncDisposable
{
    private readonly FileStream _file;

    private SpooledUpload(FileStream file) => _file = file;

    public string Path => _file.Name;

    public static async Task<(SpooledUpload Spool, long Length, string Sha256)> WriteAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bunbase-upload-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var (length, sha256) = await HashingCopy.CopyAsync(source, file, maxBytes, cancellationToken).ConfigureAwait(false);
            return (new SpooledUpload(file), length, sha256);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public FileUpload ToUpload(string fileName, string contentType, long length, string sha256)
    {
        var path = Path;
        return new FileUpload(fileName, contentType, length,
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan),
            sha256);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
