using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// Objects in an S3-compatible bucket (AWSSDK.S3). A put is first spooled to a temporary file while
/// its SHA-256 is computed, then sent with its length in one request: an interrupted source never
/// reaches the bucket, and the hash is kept as the object's <c>x-amz-meta-sha256</c>.
/// </summary>
internal sealed partial class S3StorageBackend : IStorageBackend, IDisposable
{
    private const string Sha256Metadata = "sha256";
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly Protocol _protocol;

    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly OncePerInterval _failureLog;

    public S3StorageBackend(S3StorageOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        _time = time ?? TimeProvider.System;
        _timeout = TimeSpan.FromMilliseconds(options.TimeoutMs);
        _logger = logger ?? NullLogger.Instance;
        _failureLog = new OncePerInterval(TimeSpan.FromSeconds(10), _time);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle ?? options.ServiceUrl is not null,
            // S3-compatible servers do not all know the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = options.AccessKeyId is { } id && options.SecretAccessKey is { } secret
            ? new AmazonS3Client(new BasicAWSCredentials(id, secret), config)
            : new AmazonS3Client(config);
        _bucket = options.Bucket!;
        _prefix = options.Prefix;
        // Presigned URLs default to https; a server reached over http (MinIO on a private network) needs http ones.
        _protocol = options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;
    }

    public async Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType, IReadOnlyDictionary<string, string> metadata, string? expectedSha256, CancellationToken cancellationToken)
    {
        if (content is SpoolReadStream { Position: 0 } upload)
        {
            // An upload already spooled whole, with its length and hash: send it as it is.
            if (expectedSha256 is not null && expectedSha256 != upload.Spool.Sha256)
                throw new StorageChecksumException($"The content's SHA-256 is {upload.Spool.Sha256}, not the expected {expectedSha256}; nothing was stored.");
            await SendAsync(key, upload, upload.Spool.Length, upload.Spool.Sha256, contentType, metadata, cancellationToken).ConfigureAwait(false);
            return await HeadAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"The object '{key}' was stored but is not there.");
        }

        var temporary = Path.Combine(Path.GetTempPath(), "bunbase-s3-" + Guid.NewGuid().ToString("N"));
        try
        {
            long length;
            string sha256;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (file.ConfigureAwait(false))
            {
                (length, sha256) = await HashingCopy.CopyAsync(content, file, long.MaxValue, cancellationToken).ConfigureAwait(false);
                if (expectedSha256 is not null && expectedSha256 != sha256)
                    throw new StorageChecksumException($"The content's SHA-256 is {sha256}, not the expected {expectedSha256}; nothing was stored.");
                file.Position = 0;
                await SendAsync(key, file, length, sha256, contentType, metadata, cancellationToken).ConfigureAwait(false);
            }

            return await HeadAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"The object '{key}' was stored but is not there.");
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task SendAsync(string key, Stream file, long length, string sha256, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            InputStream = file,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = length;
        foreach (var (name, value) in metadata)
            request.Metadata[name] = value;
        request.Metadata[Sha256Metadata] = sha256;
        await CallAsync(token => _client.PutObjectAsync(request, token), cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredObject?> GetAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = _bucket, Key = _prefix + key };
        if (range is { } r)
            request.ByteRange = r.To is { } to ? new Amazon.S3.Model.ByteRange(r.From, to) : new Amazon.S3.Model.ByteRange($"bytes={r.From}-");
        GetObjectResponse response;
        try
        {
            response = await CallAsync(token => _client.GetObjectAsync(request, token), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw new ArgumentOutOfRangeException(nameof(range), "The range starts past the end of the object.");
        }

        var length = TotalLength(response.ContentRange) ?? response.Headers.ContentLength;
        var info = Info(key, length, response.Headers.ContentType, response.ETag, response.LastModified, response.Metadata);
        ByteRange? served = range is { } asked ? asked with { To = asked.From + asked.LengthIn(length) - 1 } : null;
        return new StoredObject(info, new S3ResponseStream(response), served);
    }

    public async Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await CallAsync(token => _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = _prefix + key }, token), cancellationToken).ConfigureAwait(false);
            return Info(key, response.Headers.ContentLength, response.Headers.ContentType, response.ETag, response.LastModified, response.Metadata);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (await HeadAsync(key, cancellationToken).ConfigureAwait(false) is null)
            return false;
        await CallAsync(token => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = _prefix + key }, token), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<StorageListPage> ListAsync(string prefix, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        // The token is the page's last key (as on the local backend), passed as StartAfter: the same
        // tokens on every backend, and no reliance on servers' continuation tokens.
        var request = new ListObjectsV2Request
        {
            BucketName = _bucket,
            Prefix = _prefix + prefix,
            StartAfter = pageToken is null ? null : _prefix + PageTokens.Decode(pageToken),
            MaxKeys = pageSize,
        };
        var response = await CallAsync(token => _client.ListObjectsV2Async(request, token), cancellationToken).ConfigureAwait(false);

        var items = (response.S3Objects ?? [])
            .Select(o => new StorageListItem(o.Key[_prefix.Length..], o.Size ?? 0, Unquote(o.ETag), new DateTimeOffset(DateTime.SpecifyKind(o.LastModified ?? default, DateTimeKind.Utc))))
            .ToList();
        return new StorageListPage(items, response.IsTruncated == true && items.Count > 0 ? PageTokens.Encode(items[^1].Key) : null);
    }

    public async Task<StoredObjectInfo?> CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        try
        {
            var request = new CopyObjectRequest
            {
                SourceBucket = _bucket,
                SourceKey = _prefix + sourceKey,
                DestinationBucket = _bucket,
                DestinationKey = _prefix + destinationKey,
                MetadataDirective = S3MetadataDirective.COPY,
            };
            await CallAsync(token => _client.CopyObjectAsync(request, token), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Some S3-compatible servers read the copy source without decoding it (s3rver): copy through here.
            var source = await GetAsync(sourceKey, null, cancellationToken).ConfigureAwait(false);
            if (source is null)
                return null;
            await using (source.ConfigureAwait(false))
                return await PutAsync(destinationKey, source.Content, source.Info.ContentType, source.Info.Metadata, null, cancellationToken).ConfigureAwait(false);
        }

        return await HeadAsync(destinationKey, cancellationToken).ConfigureAwait(false);
    }

    public string? Presign(string key, SignedUrlMethod method, TimeSpan expiresIn, SignedUrlOptions options)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            Verb = method == SignedUrlMethod.Put ? HttpVerb.PUT : HttpVerb.GET,
            Expires = _time.GetUtcNow().UtcDateTime.Add(expiresIn),
            Protocol = _protocol,
        };
        if (method == SignedUrlMethod.Put && options.ContentType is { } type)
            request.ContentType = type;
        if (method == SignedUrlMethod.Get && options.FileName is { } name)
            request.ResponseHeaderOverrides.ContentDisposition = ContentDispositions.Attachment(name);
        return _client.GetPreSignedURL(request);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// One call to the bucket, its retries included, within <c>storage.s3.timeoutMs</c>. A bucket that cannot be
    /// reached, answers 5xx or does not answer in time is <see cref="StorageUnavailableException"/> (503): the SDK's
    /// own limits (100 s an attempt, several attempts) held a request for minutes, and its errors were 500s.
    /// S3's other answers (404, 416, 403) pass through as they are.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsUnavailable(ex, deadline.IsCancellationRequested))
        {
            if (_failureLog.TryEnter())
                LogUnavailable(_logger, _bucket, ex.GetType().Name, ex.Message);
            throw new StorageUnavailableException(deadline.IsCancellationRequested ? new TimeoutException($"The bucket did not answer within {_timeout.TotalMilliseconds} ms.", ex) : ex);
        }
    }

    private static bool IsUnavailable(Exception exception, bool timedOut) => exception switch
    {
        OperationCanceledException => timedOut,
        AmazonServiceException service => service.StatusCode == 0 || (int)service.StatusCode >= 500 || service.InnerException is HttpRequestException or IOException,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "File storage: the bucket {Bucket} is unavailable ({ErrorType}: {Error}); answering 503 storage_unavailable (logged at most every 10 s)")]
    private static partial void LogUnavailable(ILogger logger, string bucket, string errorType, string error);

    private static StoredObjectInfo Info(string key, long length, string? contentType, string? etag, DateTime? lastModified, MetadataCollection metadata)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? sha256 = null;
        foreach (var name in metadata.Keys)
        {
            var bare = name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase) ? name["x-amz-meta-".Length..] : name;
            if (bare.Equals(Sha256Metadata, StringComparison.OrdinalIgnoreCase))
                sha256 = metadata[name];
            else
                values[bare.ToLowerInvariant()] = metadata[name];
        }

        var modified = lastModified is { } m ? new DateTimeOffset(DateTime.SpecifyKind(m.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch;
        return new StoredObjectInfo(key, length, contentType ?? StorageMetadata.DefaultContentType, Unquote(etag), modified, values, sha256);
    }

    private static string Unquote(string? etag) => (etag ?? "").Trim('"');

    private static long? TotalLength(string? contentRange)
    {
        // "bytes 0-99/1234"
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash > 0 && long.TryParse(contentRange.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out var total) ? total : null;
    }
}
