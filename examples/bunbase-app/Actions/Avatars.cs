using Bunbase;

namespace BunbaseApp.Actions;

/// <summary>What is stored of an avatar.</summary>
public sealed record AvatarView(long Length, string ContentType, string ETag);

[Action("upload-avatar", Description = "Sets the signed-in user's avatar: a PNG, JPEG or WebP image of at most 2 MB, as multipart/form-data (field 'image') or the raw body", Tags = ["users"])]
[Put("/me/avatar")]
[Authenticated]
public sealed class UploadAvatar : ActionHandler<UploadAvatar.Input, AvatarView>
{
    public sealed record Input([Upload(MaxBytes = Avatars.MaxBytes, ContentTypes = ["image/png", "image/jpeg", "image/webp"])] FileUpload Image);

    public override async Task<AvatarView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // The key comes from the session, never from the request: a user writes only their own avatar.
        await using var image = input.Image.OpenReadStream();
        var stored = await context.Storage.PutAsync(Avatars.Key(context.Auth.User!.Id), image, new StoragePutOptions { ContentType = input.Image.ContentType }, cancellationToken);
        return new AvatarView(stored.Length, stored.ContentType, stored.ETag);
    }
}

[Action("get-avatar", Description = "A user's avatar image (signed-in users only), with ranges and ETag revalidation; 404 when they have none", Tags = ["users"])]
[Get("/users/{id}/avatar")]
[Authenticated]
[ErrorResponses(404)]
public sealed class GetAvatar : ActionHandler<GetAvatar.Input, FileDownload>
{
    public sealed record Input(long Id);

    public override async Task<FileDownload> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // Avatars are kept by account (the session knows it at once, before the profile exists); users are shown by id.
        var account = await context.Db.QuerySingleOrDefaultAsync<string>("select account_id from users where id = @Id", input, cancellationToken)
            ?? throw new NotFoundException($"There is no user {input.Id}.", "user_not_found");
        return FileDownload.FromStorage(Avatars.Key(account), inline: true);
    }
}

[Action("avatar-upload-url", Description = "A URL the browser PUTs the signed-in user's new avatar to directly, valid for 5 minutes", Tags = ["users"])]
[Post("/me/avatar/upload-url")]
[Authenticated]
public sealed class AvatarUploadUrl(TimeProvider clock) : ActionHandler<AvatarUploadUrl.Input, AvatarUploadUrl.Output>
{
    public sealed record Input(string ContentType = "image/png");

    public sealed record Output(string Url, DateTimeOffset ExpiresAt);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        if (input.ContentType is not ("image/png" or "image/jpeg" or "image/webp"))
            throw new BadRequestException("unsupported_image_type", "An avatar is a PNG, JPEG or WebP image.");
        var lifetime = TimeSpan.FromMinutes(5);
        // The action decides (the caller's own key, its type and size); the URL carries that permission.
        var url = context.Storage.GetSignedUrl(Avatars.Key(context.Auth.User!.Id), SignedUrlMethod.Put, lifetime,
            new SignedUrlOptions { MaxBytes = Avatars.MaxBytes, ContentType = input.ContentType });
        return Task.FromResult(new Output(url, clock.GetUtcNow().Add(lifetime)));
    }
}

/// <summary>Where avatars are kept.</summary>
internal static class Avatars
{
    public const long MaxBytes = 2_000_000;

    public static string Key(string accountId) => $"avatars/{accountId}";
}
