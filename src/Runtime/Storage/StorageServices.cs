using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Storage;

/// <summary>Registers <c>ctx.Storage</c>: the backend <c>storage.*</c> names (checked now) and the signed URLs of the file route.</summary>
internal static class StorageServices
{
    /// <param name="services">The host's services; the session key ring and a <see cref="TimeProvider"/> are registered by the host.</param>
    /// <param name="options">The configuration (<c>storage.*</c>).</param>
    /// <param name="contentRoot">The configuration's folder, which <c>storage.localPath</c> starts from.</param>
    public static IServiceCollection AddStorage(this IServiceCollection services, BunbaseOptions options, string contentRoot)
    {
        var storage = options.Storage;
        var backend = Validate(storage);
        services.AddSingleton(storage);
        var localRoot = Path.GetFullPath(Path.Combine(contentRoot, storage.LocalPath));
        services.AddSingleton<IStorageBackend>(sp => backend == "s3"
            ? S3Backend(storage.S3, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Bunbase.Storage"))
            : new LocalStorageBackend(localRoot, sp.GetRequiredService<TimeProvider>()));
        // Uploads spool into the local store's tmp/ (moved into place when stored); the backend is made
        // at start, so its clean-up of a crash's leftovers there never meets a request's spool.
        if (backend == "local")
            services.AddSingleton(new UploadSpoolDirectory(Path.Combine(localRoot, "tmp")));
        services.AddHostedService<StorageStartup>();
        services.AddSingleton(sp => new SignedFileUrls(sp.GetRequiredService<SessionKeyRing>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IFileStorage>(sp => new FileStorage(sp.GetRequiredService<IStorageBackend>(), sp.GetRequiredService<SignedFileUrls>(), storage));
        return services;
    }

    // Not inlined, so that an app on the local backend does not load the AWS SDK to start.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IStorageBackend S3Backend(S3StorageOptions s3, TimeProvider time, ILogger logger) => new S3StorageBackend(s3, time, logger);

    /// <summary>The backend <c>storage.*</c> names; an impossible combination stops start-up with what to set.</summary>
    internal static string Validate(StorageOptions storage)
    {
        var s3 = storage.S3;
        // An empty environment variable (a compose file's ${S3_BUCKET:-}) means unset.
        storage.Backend = string.IsNullOrWhiteSpace(storage.Backend) ? null : storage.Backend;
        s3.Bucket = string.IsNullOrWhiteSpace(s3.Bucket) ? null : s3.Bucket;
        s3.ServiceUrl = string.IsNullOrWhiteSpace(s3.ServiceUrl) ? null : s3.ServiceUrl;
        s3.AccessKeyId = string.IsNullOrWhiteSpace(s3.AccessKeyId) ? null : s3.AccessKeyId;
        s3.SecretAccessKey = string.IsNullOrWhiteSpace(s3.SecretAccessKey) ? null : s3.SecretAccessKey;
        s3.Prefix = string.IsNullOrEmpty(s3.Prefix) ? "" : s3.Prefix;
        var backend = storage.Backend ?? (s3.Bucket is not null ? "s3" : "local");
        if (backend is not ("local" or "s3"))
            throw new StartupException($"storage.backend '{storage.Backend}' is not one of local, s3");
        if (backend == "s3")
        {
            if (s3.Bucket is null)
                throw new StartupException("storage.backend is s3 but storage.s3.bucket is not set");
            if (s3.ServiceUrl is not null && !(Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
                throw new StartupException($"storage.s3.serviceUrl '{s3.ServiceUrl}' is not an http(s) URL");
            if ((s3.AccessKeyId is null) != (s3.SecretAccessKey is null))
                throw new StartupException("storage.s3.accessKeyId and storage.s3.secretAccessKey go together: set both, or neither (the SDK's default credentials)");
            if (s3.Prefix.Length > 0 && StorageKeys.Problem(s3.Prefix + "x") is { } problem)
                throw new StartupException($"storage.s3.prefix '{s3.Prefix}' is not the start of a valid key: {problem}");
        }

        return backend;
    }
}
