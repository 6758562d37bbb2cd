using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

// Organisation-scoped actions: the accounts module keeps organisations and their members (POST /_accounts/orgs,
// invitations); these guards admit only members (or admins) of the organisation the path names.

/// <summary>An announcement to an organisation's members.</summary>
public sealed record Announcement(long Id, string AuthorId, string Text, DateTimeOffset CreatedAt);

[Action("post-org-announcement", Description = "Posts an announcement to an organisation (its owners and admins only)", Tags = ["orgs"])]
[Post("/orgs/{org}/announcements", Status = 201)]
[Authenticated]
[Guard<OrgAdmin>]
public sealed class PostOrgAnnouncement : ActionHandler<PostOrgAnnouncement.Input, Announcement>
{
    public sealed record Input([Required, StringLength(64)] string Org, [Required, StringLength(1000, MinimumLength = 1)] string Text) : IOrgScoped;

    public override async Task<Announcement> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QuerySingleAsync<Announcement>(
            "insert into org_announcements (org_id, author_id, text) values (@Org, @AuthorId, @Text) returning id, author_id, text, created_at",
            new { input.Org, AuthorId = context.Auth.User!.Id, input.Text },
            cancellationToken);
}

[Action("org-announcements", Description = "An organisation's latest announcements (its members only)", Tags = ["orgs"])]
[Get("/orgs/{org}/announcements")]
[Authenticated]
[Guard<OrgMember>]
public sealed class OrgAnnouncements : ActionHandler<OrgAnnouncements.Input, OrgAnnouncements.Output>
{
    public sealed record Input([Required, StringLength(64)] string Org, [Range(1, 100)] int Limit = 20) : IOrgScoped;

    public sealed record Output(IReadOnlyList<Announcement> Items);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Db.QueryAsync<Announcement>(
            "select id, author_id, text, created_at from org_announcements where org_id = @Org order by id desc limit @Limit", input, cancellationToken));
}
