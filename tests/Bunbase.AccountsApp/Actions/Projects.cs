using System.ComponentModel.DataAnnotations;

namespace Bunbase.AccountsApp.Actions;

/// <summary>An organisation-scoped action: any member of the organisation in the path may list its projects.</summary>
[Action("org-projects")]
[Get("/orgs/{org}/projects")]
[Authenticated]
[Guard<OrgMember>]
public sealed class OrgProjects : ActionHandler<OrgProjects.Input, OrgProjects.Output>
{
    public sealed record Input([StringLength(100)] string Org) : IOrgScoped;

    public sealed record Output(string Org, string UserId);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Org, context.Auth.User!.Id));
}

/// <summary>Only the organisation's owners and admins may delete it (here: pretend to).</summary>
[Action("org-delete")]
[Delete("/orgs/{org}")]
[Authenticated]
[Guard<OrgAdmin>]
public sealed class OrgDelete : ActionHandler<OrgDelete.Input, NoContent>
{
    public sealed record Input([StringLength(100)] string Org) : IOrgScoped;

    public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
}
