using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Storage;

namespace Bunbase.Runtime.Tests.Storage;

/// <summary>The promises of <c>ctx.Storage</c>, the same on every backend (local files, an S3 server).</summary>
public abstract class FileStorageContractTests : IAsyncLifetime
{
    private IStorageBackend _backend = null!;

    protected IFileStorage Storage { get; private set; } = null!;

    /// <summary>A backend with nothing stored, private to one test.</summary>
    private protected abstract IStorageBackend CreateBackend();

    /// <summary>How many objects (or partial ones) the backend keeps in its own place, temporary files included.</summary>
    protected abstract int StoredFileCount();

    public virtual Task InitializeAsync()
    {
        _backend = CreateBackend();
        var ring = SessionKeyRing.Create(new AuthOptions { SessionSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) }, isDevelopment: false, actionNeedingSessions: null);
        Storage = new FileStorage(_backend, new SignedFileUrls(ring, TimeProvider.System), new StorageOptions());
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        (_backend as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Put_then_get_returns_the_content_type_metadata_and_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("hello, storage");
        var stored = await Storage.PutAsync("docs/hello.txt", new MemoryStream(bytes), new StoragePutOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["owner"] = "u1" },
        });

        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        await using var got = await Storage.GetAsync("docs/hello.txt");
        Assert.NotNull(got);
        Assert.Equal("text/plain", got.Info.ContentType);
        Assert.Equal("u1", got.Info.Metadata["owner"]);
        Assert.Equal(stored.ETag, got.Info.ETag);
        Assert.Equal(bytes, await ReadAllAsync(got.Content));
    }

    [Fact]
    public async Task Get_of_a_range_returns_those_bytes_only()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await Storage.PutAsync("range/a", new MemoryStream(bytes));

        await using var middle = await Storage.GetAsync("range/a", new ByteRange(100, 199));
        Assert.Equal(bytes[100..200], await ReadAllAsync(middle!.Content));
        Assert.Equal(1000, middle.Info.Length);
        await using var tail = await Storage.GetAsync("range/a", new ByteRange(990));
        Assert.Equal(bytes[990..], await ReadAllAsync(tail!.Content));
        await using var past = await Storage.GetAsync("range/a", new ByteRange(900, 5000));
        Assert.Equal(bytes[900..], await ReadAllAsync(past!.Content));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.GetAsync("range/a", new ByteRange(1000)));
    }

    [Fact]
    public async Task Missing_objects_are_null_and_false()
    {
        Assert.Null(await Storage.GetAsync("nothing/here"));
        Assert.Null(await Storage.HeadAsync("nothing/here"));
        Assert.False(await Storage.DeleteAsync("nothing/here"));
        Assert.Null(await Storage.CopyAsync("nothing/here", "other"));
    }

    [Fact]
    public async Task Put_replaces_and_delete_removes()
    {
        await Storage.PutAsync("x/one", new MemoryStream([1, 2, 3]));
        var second = await Storage.PutAsync("x/one", new MemoryStream([4, 5]));

        Assert.Equal(2, (await Storage.HeadAsync("x/one"))!.Length);
        Assert.Equal(second.ETag, (await Storage.HeadAsync("x/one"))!.ETag);
        Assert.True(await Storage.DeleteAsync("x/one"));
        Assert.Null(await Storage.HeadAsync("x/one"));
    }

    [Fact]
    public async Task Copy_keeps_content_type_and_metadata()
    {
        await Storage.PutAsync("src/a.bin", new MemoryStream([9, 8, 7]), new StoragePutOptions { ContentType = "image/png", Metadata = new Dictionary<string, string> { ["k"] = "v" } });

        var copy = await Storage.CopyAsync("src/a.bin", "dst/b.bin");

        Assert.NotNull(copy);
        Assert.Equal("image/png", copy.ContentType);
        Assert.Equal("v", copy.Metadata["k"]);
        await using var got = await Storage.GetAsync("dst/b.bin");
        Assert.Equal(new byte[] { 9, 8, 7 }, await ReadAllAsync(got!.Content));
    }

    [Fact]
    public async Task List_pages_through_a_prefix_in_key_order()
    {
        for (var i = 0; i < 7; i++)
            await Storage.PutAsync($"list/item-{i}", new MemoryStream([(byte)i]));
        await Storage.PutAsync("listing-other", new MemoryStream([1]));
        await Storage.PutAsync("other/x", new MemoryStream([1]));

        var keys = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Storage.ListAsync("list/", token, pageSize: 3);
            keys.AddRange(page.Items.Select(i => i.Key));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"list/item-{i}"), keys);
        Assert.Equal(3, pages);
        var partial = await Storage.ListAsync("list");
        Assert.Equal(8, partial.Items.Count);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/windows")]
    [InlineData("a\\..\\b")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("")]
    public async Task Keys_that_could_leave_the_store_are_refused(string key)
    {
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.PutAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.GetAsync(key));
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.HeadAsync(key));
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.DeleteAsync(key));
        Assert.Equal(0, StoredFileCount());
    }

    [Fact]
    public async Task Very_long_keys_are_refused()
    {
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.PutAsync(new string('a', 2000), new MemoryStream([1])));
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.PutAsync(new string('a', 300), new MemoryStream([1])));
        await Assert.ThrowsAsync<InvalidStorageKeyException>(() => Storage.ListAsync("../"));
    }

    [Fact]
    public async Task A_wrong_expected_checksum_stores_nothing()
    {
        await Assert.ThrowsAsync<StorageChecksumException>(() =>
            Storage.PutAsync("sum/a", new MemoryStream([1, 2, 3]), new StoragePutOptions { ExpectedSha256 = new string('0', 64) }));

        Assert.Null(await Storage.HeadAsync("sum/a"));
        Assert.Equal(0, StoredFileCount());
        var right = Convert.ToBase64String(SHA256.HashData([1, 2, 3]));
        Assert.NotNull(await Storage.PutAsync("sum/a", new MemoryStream([1, 2, 3]), new StoragePutOptions { ExpectedSha256 = right }));
    }

    [Fact]
    public async Task An_interrupted_write_leaves_no_object_and_keeps_the_previous_one()
    {
        await Storage.PutAsync("cut/a", new MemoryStream([1, 2, 3]));
        var before = StoredFileCount();

        await Assert.ThrowsAsync<IOException>(() => Storage.PutAsync("cut/a", new FailingStream(200_000)));
        await Assert.ThrowsAsync<IOException>(() => Storage.PutAsync("cut/b", new FailingStream(200_000)));

        await using var got = await Storage.GetAsync("cut/a");
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(got!.Content));
        Assert.Null(await Storage.HeadAsync("cut/b"));
        Assert.Equal(before, StoredFileCount());
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A source that gives <c>length</c> bytes and then fails, as a dropped upload does.</summary>
    private sealed class FailingStream(int length) : Bunbase.Runtime.Foundation.ForwardReadStream
    {
        private int _given;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_given >= length)
                throw new IOException("the client went away");
            var n = Math.Min(count, length - _given);
            Array.Fill(buffer, (byte)7, offset, n);
            _given += n;
            return n;
        }
    }
}

/// <summary>The contract on the local backend (a temporary folder).</summary>
public sealed class LocalFileStorageTests : FileStorageContractTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bunbase-storage-").FullName;

    private protected override IStorageBackend CreateBackend() => new LocalStorageBackend(_root, TimeProvider.System);

    protected override int StoredFileCount() => Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count();

    [Fact]
    public async Task A_key_inside_another_keys_folder_is_a_conflict_not_a_server_error()
    {
        await Storage.PutAsync("a", new MemoryStream([1]));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => Storage.PutAsync("a/b", new MemoryStream([2])));

        Assert.Equal("storage_key_conflict", conflict.Code);
        Assert.Null(await Storage.HeadAsync("a/b"));
        Assert.Equal(1, StoredFileCount() - 1);
    }

    [Fact]
    public async Task An_upload_spooled_in_the_store_is_moved_into_place_not_copied()
    {
        var (path, spool) = await SpoolInStoreAsync("upload-test");

        await using (var read = spool.OpenRead())
            await Storage.PutAsync("moved", read);

        Assert.True(spool.Adopted);
        Assert.False(File.Exists(path));
        await using var got = await Storage.GetAsync("moved");
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(got!.Content));
        Assert.Equal(spool.Sha256, got.Info.Sha256);
    }

    [Fact]
    public void A_crash_left_temporary_file_is_removed_at_start()
    {
        File.WriteAllBytes(Path.Combine(_root, "tmp", "left-over"), [1, 2, 3]);

        _ = new LocalStorageBackend(_root, TimeProvider.System);

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task Parallel_puts_to_one_key_leave_exactly_one_blob()
    {
        for (var round = 0; round < 10; round++)
        {
            var contents = Enumerable.Range(0, 32).Select(i => Encoding.UTF8.GetBytes($"round {round} writer {i}")).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = contents.Select(c => Task.Run(async () =>
            {
                await start.Task;
                await Storage.PutAsync("contested", new MemoryStream(c));
            })).ToArray();

            start.SetResult();
            await Task.WhenAll(writers);

            Assert.Single(Directory.EnumerateFiles(Path.Combine(_root, "blobs")));
            await using var got = await Storage.GetAsync("contested");
            Assert.Contains(await ReadAllAsync(got!.Content), contents);
        }
    }

    [Fact]
    public async Task A_put_cancelled_before_its_pointer_is_swapped_leaves_no_blob()
    {
        var (_, spool) = await SpoolInStoreAsync("upload-cancelled");

        await using (var read = spool.OpenRead())
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.PutAsync("cancelled", read, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Null(await Storage.HeadAsync("cancelled"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "blobs")));
    }

    /// <summary>An upload's temporary file of three bytes in the store's own tmp folder, as the HTTP upload path spools one.</summary>
    private async Task<(string Path, Bunbase.Runtime.Foundation.SpoolFile Spool)> SpoolInStoreAsync(string name)
    {
        var path = Path.Combine(_root, "tmp", name);
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        return (path, new Bunbase.Runtime.Foundation.SpoolFile(path, 3, Convert.ToHexStringLower(SHA256.HashData([1, 2, 3]))));
    }

    [Fact]
    public async Task The_sweep_deletes_old_unreferenced_blobs_only()
    {
        await Storage.PutAsync("kept", new MemoryStream([7]));
        var old = Path.Combine(_root, "blobs", "orphan-old");
        var recent = Path.Combine(_root, "blobs", "orphan-recent");
        await File.WriteAllBytesAsync(old, [1]);
        await File.WriteAllBytesAsync(recent, [2]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow - LocalStorageBackend.OrphanGrace - TimeSpan.FromMinutes(5));
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(_root, "blobs")).Where(b => b != old && b != recent))
            File.SetLastWriteTimeUtc(blob, DateTime.UtcNow - TimeSpan.FromDays(1));   // referenced, however old

        var swept = await new LocalStorageBackend(_root, TimeProvider.System).SweepOrphanBlobsAsync(CancellationToken.None);

        Assert.Equal(1, swept);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        await using var got = await Storage.GetAsync("kept");
        Assert.Equal(new byte[] { 7 }, await ReadAllAsync(got!.Content));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>The contract on an S3-compatible server (s3rver on loopback).</summary>
public sealed class S3FileStorageTests(S3ServerFixture s3) : FileStorageContractTests, IClassFixture<S3ServerFixture>
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8] + "/";

    private protected override IStorageBackend CreateBackend() => new S3StorageBackend(s3.Server.Options(_prefix));

    [Fact]
    public async Task A_direct_signed_url_is_the_buckets_own_presigned_url()
    {
        await Storage.PutAsync("direct/a.txt", new MemoryStream("from the bucket"u8.ToArray()), new StoragePutOptions { ContentType = "text/plain" });

        var url = Storage.GetSignedUrl("direct/a.txt", SignedUrlMethod.Get, TimeSpan.FromMinutes(1), new SignedUrlOptions { Direct = true });

        Assert.StartsWith(s3.Server.ServiceUrl, url, StringComparison.Ordinal);
        using var client = new HttpClient();
        Assert.Equal("from the bucket", await client.GetStringAsync(url));
        Assert.StartsWith("/_files/", Storage.GetSignedUrl("direct/a.txt", SignedUrlMethod.Get, TimeSpan.FromMinutes(1)), StringComparison.Ordinal);
    }

    protected override int StoredFileCount()
    {
        var backend = new S3StorageBackend(s3.Server.Options(_prefix));
        return backend.ListAsync("", null, 1000, CancellationToken.None).GetAwaiter().GetResult().Items.Count;
    }
}
