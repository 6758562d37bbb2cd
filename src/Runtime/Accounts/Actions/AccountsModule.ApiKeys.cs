using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>
    /// Creates an API key for the caller's account, scoped to permissions the caller's session holds; the key is in
    /// this answer only. Keys are managed from a session, not with another key.
    /// </summary>
    [Action("create-api-key", Description = "Creates an API key scoped to permissions the caller holds; the key is shown once")]
    [Post("/api-keys", Status = 201)]
    [Authenticated]
    [ErrorResponses(403)]
    internal sealed class CreateApiKey(ApiKeys keys) : ActionHandler<CreateApiKey.Input, CreateApiKey.Output>
    {
        public sealed record Input([Required, StringLength(100, MinimumLength = 1), SingleLine] string Name, [Required, MaxLength(50), NonBlankItems] IReadOnlyList<string> Permissions);

        public sealed record Output(string Id, [property: Sensitive] string Key, string Prefix, IReadOnlyList<string> Permissions);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            // Every entry, by a loop rather than FirstOrDefault: a null entry found that way reads as "nothing missing".
            foreach (var permission in input.Permissions)
            {
                if (string.IsNullOrWhiteSpace(permission) || !context.Auth.HasPermission(permission))
                    throw new ForbiddenException($"Your session does not hold '{permission}': a key can only carry permissions you have.", "permission_not_held");
            }

            var permissions = input.Permissions.Distinct(StringComparer.Ordinal).ToArray();
            var (id, key, prefix) = await keys.CreateAsync(context.Db, context.Auth.User!.Id, input.Name, permissions, cancellationToken).ConfigureAwait(false);
            return new Output(id, key, prefix, permissions);
        }
    }

    /// <summary>The caller's live API keys.</summary>
    [Action("api-keys", Description = "Lists the caller's API keys (never their secrets)")]
    [Get("/api-keys")]
    [Authenticated]
    [ErrorResponses(403)]
    internal sealed class ApiKeyList : ActionHandler<ApiKeyList.Input, ApiKeyList.Output>
    {
        public sealed record Input;

        public sealed record Output(IReadOnlyList<ApiKeyView> Keys);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var rows = await context.Db.Primary.QueryAsync<Row>(
                "select id, name, prefix, permissions, created_at, last_used_at from bunbase_api_keys where account_id = @Id and revoked_at is null order by created_at desc, id desc limit 200",
                new { context.Auth.User!.Id },
                cancellationToken).ConfigureAwait(false);
            return new Output([.. rows.Select(r => new ApiKeyView(
                r.Id, r.Name, r.Prefix, System.Text.Json.JsonSerializer.Deserialize<string[]>(r.Permissions) ?? [],
                DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.LastUsedAt is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null))]);
        }

        private sealed record Row(string Id, string Name, string Prefix, string Permissions, long CreatedAt, long? LastUsedAt);
    }

    /// <summary>Revokes one of the caller's API keys; another account's key is 404.</summary>
    [Action("revoke-api-key", Description = "Revokes one of the caller's API keys; 404 when the caller has no such key")]
    [Delete("/api-keys/{id}")]
    [Authenticated]
    [ErrorResponses(403, 404)]
    internal sealed class RevokeApiKey(ApiKeys keys, AccountStore store) : ActionHandler<RevokeApiKey.Input, NoContent>
    {
        public sealed record Input([StringLength(100)] string Id);

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var revoked = await context.Db.ExecuteAsync(
                "update bunbase_api_keys set revoked_at = @Now where id = @Id and account_id = @AccountId and revoked_at is null",
                new { input.Id, AccountId = context.Auth.User!.Id, store.Now },
                cancellationToken).ConfigureAwait(false);
            if (revoked == 0)
                throw new NotFoundException("You have no such API key.", "api_key_not_found");
            keys.Forget(input.Id);
            return NoContent.Value;
        }
    }
}
