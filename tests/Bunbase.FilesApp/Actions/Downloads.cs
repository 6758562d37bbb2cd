namespace Bunbase.FilesApp.Actions;

/// <summary>Answers with a stored file (saved under <c>name</c> when given).</summary>
[Action("download-file")]
[Get("/files")]
public sealed class DownloadFile : ActionHandler<DownloadFile.Input, FileDownload>
{
    public sealed record Input(string Key, string? Name);

    public override Task<FileDownload> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(FileDownload.FromStorage(input.Key, input.Name, inline: input.Name is null));
}

/// <summary>Removes a stored file.</summary>
[Action("delete-file")]
[Delete("/files")]
public sealed class DeleteFile : ActionHandler<DeleteFile.Input, DeleteFile.Output>
{
    public sealed record Input(string Key);

    public sealed record Output(bool Deleted);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Storage.DeleteAsync(input.Key, cancellationToken));
}

/// <summary>Lists stored files by prefix.</summary>
[Action("list-files")]
[Get("/file-list")]
public sealed class ListFiles : ActionHandler<ListFiles.Input, StorageListPage>
{
    public sealed record Input(string Prefix = "", string? Page = null, int Size = 100);

    public override Task<StorageListPage> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Storage.ListAsync(input.Prefix, input.Page, input.Size, cancellationToken);
}

/// <summary>Hands out a signed URL for a key (a real app checks the caller first).</summary>
[Action("sign-file")]
[Post("/sign")]
public sealed class SignFile : ActionHandler<SignFile.Input, SignFile.Output>
{
    public sealed record Input(string Key, SignedUrlMethod Method, int Seconds = 60, long? MaxBytes = null, string? ContentType = null, string? FileName = null, bool Direct = false);

    public sealed record Output(string Url);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(context.Storage.GetSignedUrl(input.Key, input.Method, TimeSpan.FromSeconds(input.Seconds),
            new SignedUrlOptions { MaxBytes = input.MaxBytes, ContentType = input.ContentType, FileName = input.FileName, Direct = input.Direct })));
}
