using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>The roles an organisation knows: one owner (its creator) and as many admins and members as it likes.</summary>
    private static readonly string[] InvitableRoles = ["admin", "member"];

    /// <summary>Creates an organisation; the caller is its owner.</summary>
    [Action("create-org", Description = "Creates an organisation owned by the caller")]
    [Post("/orgs", Status = 201)]
    [Authenticated]
    internal sealed class CreateOrg(AccountStore store) : ActionHandler<CreateOrg.Input, OrgView>
    {
        public sealed record Input([Required, StringLength(100, MinimumLength = 1), SingleLine] string Name);

        public override async Task<OrgView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var id = Uuid7.New().ToString("N");
            await context.Db.TransactionAsync(async db =>
            {
                await db.ExecuteAsync("insert into bunbase_orgs (id, name, created_at) values (@id, @Name, @Now)", new { id, input.Name, store.Now }, cancellationToken).ConfigureAwait(false);
                await db.ExecuteAsync("insert into bunbase_org_members (org_id, account_id, role, created_at) values (@id, @AccountId, 'owner', @Now)", new { id, AccountId = context.Auth.User!.Id, store.Now }, cancellationToken).ConfigureAwait(false);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new OrgView(id, input.Name, "owner");
        }
    }

    /// <summary>The organisations the caller belongs to.</summary>
    [Action("orgs", Description = "Lists the caller's organisations and roles")]
    [Get("/orgs")]
    [Authenticated]
    [ApiKeyAllowed("accounts:orgs")]
    internal sealed class OrgList : ActionHandler<OrgList.Input, OrgList.Output>
    {
        public sealed record Input;

        public sealed record Output(IReadOnlyList<OrgView> Orgs);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            new(await context.Db.Primary.QueryAsync<OrgView>(
                "select o.id, o.name, m.role from bunbase_org_members m join bunbase_orgs o on o.id = m.org_id where m.account_id = @Id order by o.created_at, o.id limit 500",
                new { context.Auth.User!.Id },
                cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Invites an email to the organisation (owners and admins only): a single-use token, mailed, expiring after <c>accounts.inviteExpiresIn</c>.</summary>
    [Action("invite", Description = "Invites an email to an organisation as admin or member; owners and admins only")]
    [Post("/orgs/{org}/invites", Status = 201)]
    [Authenticated]
    [Guard<OrgAdmin>]
    internal sealed class Invite(AccountStore store, AccountsSettings settings) : ActionHandler<Invite.Input, Invite.Output>
    {
        public sealed record Input(
            [StringLength(100)] string Org,
            [Required, AccountEmail, StringLength(254)] string Email,
            [Required, StringLength(20)] string Role) : IOrgScoped;

        public sealed record Output(string Id, DateTimeOffset ExpiresAt);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            if (!InvitableRoles.Contains(input.Role, StringComparer.Ordinal))
                throw new BadRequestException("invalid_role", "An invitation is for an admin or a member.");
            var email = context.Auth.NormalizeIdentifier(input.Email);
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            var id = Uuid7.New().ToString("N");
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(store.Now) + settings.InviteExpiresIn;
            await context.Db.TransactionAsync(async db =>
            {
                var name = await db.QuerySingleAsync<string>("select name from bunbase_orgs where id = @Org", new { input.Org }, cancellationToken).ConfigureAwait(false);
                await db.ExecuteAsync(
                    "insert into bunbase_org_invites (id, org_id, email, role, token_hash, expires_at, created_at) values (@id, @Org, @email, @Role, @Hash, @ExpiresAt, @Now)",
                    new { id, input.Org, email, input.Role, Hash = InviteHash(token), ExpiresAt = expiresAt.ToUnixTimeMilliseconds(), store.Now },
                    cancellationToken).ConfigureAwait(false);
                await AccountMails.SendInviteAsync(context, email, name, input.Role, token, settings, cancellationToken).ConfigureAwait(false);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Output(id, expiresAt);
        }
    }

    /// <summary>
    /// Accepts an invitation: the caller's verified email must be the invited one. A wrong, used or expired token, or
    /// another account's, is 400 <c>invite_invalid</c>.
    /// </summary>
    [Action("accept-invite", Description = "Joins an organisation with a mailed invitation token (the caller's verified email must be the invited one)")]
    [Post("/invites/accept")]
    [Authenticated]
    [ErrorResponses(400)]
    internal sealed class AcceptInvite(AccountStore store) : ActionHandler<AcceptInvite.Input, OrgView>
    {
        public sealed record Input([Required, StringLength(100)] string Token);

        public override async Task<OrgView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var account = await store.FindByIdAsync(context.Db, context.Auth.User!.Id, cancellationToken).ConfigureAwait(false);
            var now = store.Now;
            return await context.Db.TransactionAsync(async db =>
            {
                var invite = await db.QuerySingleOrDefaultAsync<InviteRow>(
                    "select i.id, i.org_id, i.email, i.role, o.name from bunbase_org_invites i join bunbase_orgs o on o.id = i.org_id where i.token_hash = @Hash and i.accepted_at is null and i.expires_at > @now",
                    new { Hash = InviteHash(input.Token), now },
                    cancellationToken).ConfigureAwait(false);
                if (invite is null || account is not { EmailVerified: true } || invite.Email != account.Email
                    || await db.ExecuteAsync("update bunbase_org_invites set accepted_at = @now where id = @Id and accepted_at is null", new { invite.Id, now }, cancellationToken).ConfigureAwait(false) != 1)
                    throw new BadRequestException("invite_invalid", "The invitation is wrong, used, expired, or for another email.");
                var joined = await db.ExecuteAsync(
                    "insert into bunbase_org_members (org_id, account_id, role, created_at) values (@OrgId, @AccountId, @Role, @now) on conflict (org_id, account_id) do nothing",
                    new { invite.OrgId, AccountId = account.Id, invite.Role, now },
                    cancellationToken).ConfigureAwait(false);
                var role = joined == 1 ? invite.Role : await db.QuerySingleAsync<string>("select role from bunbase_org_members where org_id = @OrgId and account_id = @Id", new { invite.OrgId, account.Id }, cancellationToken).ConfigureAwait(false);
                return new OrgView(invite.OrgId, invite.Name, role);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        private sealed record InviteRow(string Id, string OrgId, string Email, string Role, string Name);
    }

    private static string InviteHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
