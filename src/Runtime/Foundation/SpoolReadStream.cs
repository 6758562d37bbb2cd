namespace Bunbase.Runtime.Foundation;

/// <summary>A read of an upload's temporary file: a plain file stream that also names its <see cref="SpoolFile"/>.</summary>
internal sealed class SpoolReadStream(SpoolFile spool, string path)
    : FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan)
{
    public SpoolFile Spool { get; } = spool;
}
