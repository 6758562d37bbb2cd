namespace Bunbase.FilesApp.Actions;

/// <summary>What an upload stored.</summary>
public sealed record Stored(string Key, long Length, string ContentType, string ETag, string? Sha256, string FileName, string? Note);

/// <summary>Stores one file (multipart or the raw body) under the key given, within the default limit.</summary>
[Action("upload-file")]
[Post("/files")]
public sealed class UploadFile : ActionHandler<UploadFile.Input, Stored>
{
    public sealed record Input([FromQuery] string Key, FileUpload File, string? Note, int? Copies);

    public override async Task<Stored> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await using var content = input.File.OpenReadStream();
        var info = await context.Storage.PutAsync(input.Key, content, new StoragePutOptions { ContentType = input.File.ContentType }, cancellationToken);
        return new Stored(info.Key, info.Length, info.ContentType, info.ETag, input.File.Sha256, input.File.FileName, input.Note);
    }
}

/// <summary>An avatar: at most 1 KiB of PNG or JPEG, a digest required when <c>strict</c>.</summary>
[Action("upload-small-image")]
[Post("/images")]
public sealed class UploadSmallImage : ActionHandler<UploadSmallImage.Input, Stored>
{
    public sealed record Input([FromQuery] string Key, [Upload(MaxBytes = 1024, ContentTypes = ["image/png", "image/jpeg"])] FileUpload Image);

    public override async Task<Stored> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await using var content = input.Image.OpenReadStream();
        var info = await context.Storage.PutAsync(input.Key, content, new StoragePutOptions { ContentType = input.Image.ContentType }, cancellationToken);
        return new Stored(info.Key, info.Length, info.ContentType, info.ETag, input.Image.Sha256, input.Image.FileName, null);
    }
}

/// <summary>Two files and a field in one form.</summary>
[Action("upload-pair")]
[Post("/pairs")]
public sealed class UploadPair : ActionHandler<UploadPair.Input, Stored[]>
{
    public sealed record Input([FromQuery] string Prefix, FileUpload First, FileUpload Second, [Upload(RequireChecksum = true)] FileUpload? Checked, string Label);

    public override async Task<Stored[]> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var stored = new List<Stored>();
        foreach (var (name, file) in new[] { ("first", input.First), ("second", input.Second), ("checked", input.Checked) })
        {
            if (file is null)
                continue;
            await using var content = file.OpenReadStream();
            var info = await context.Storage.PutAsync($"{input.Prefix}/{name}", content, new StoragePutOptions { ContentType = file.ContentType }, cancellationToken);
            stored.Add(new Stored(info.Key, info.Length, info.ContentType, info.ETag, file.Sha256, file.FileName, input.Label));
        }

        return [.. stored];
    }
}
