namespace Bunbase.Runtime.Foundation;

/// <summary>
/// An upload's temporary file, whose length and SHA-256 are known (computed while it arrived). A
/// store on the same file system may adopt it (move it into place) instead of copying and hashing it
/// again; the request's end deletes it unless it was adopted.
/// </summary>
internal sealed class SpoolFile(string path, long length, string sha256)
{
    private readonly Lock _lock = new();

    /// <summary>Where the content is now (the adopter's path once adopted).</summary>
    public string Path { get; private set; } = path;

    public long Length { get; } = length;

    public string Sha256 { get; } = sha256;

    public bool Adopted { get; private set; }

    /// <summary>Opens the content for reading from its start.</summary>
    public SpoolReadStream OpenRead()
    {
        lock (_lock)
            return new SpoolReadStream(this, Path);
    }

    /// <summary>Moves the file to <paramref name="destination"/> (same file system); false when it was adopted already or cannot move.</summary>
    public bool TryAdopt(string destination)
    {
        lock (_lock)
        {
            if (Adopted)
                return false;
            try
            {
                File.Move(Path, destination);
            }
            catch (IOException)
            {
                return false;
            }

            Path = destination;
            Adopted = true;
            return true;
        }
    }

    /// <summary>Deletes the file unless it was adopted.</summary>
    public void Delete()
    {
        lock (_lock)
        {
            if (!Adopted)
                File.Delete(Path);
        }
    }
}
