using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

/// <summary>What the app shows of a user: never the password hash.</summary>
public sealed record UserView(long Id, string Name, string Email, DateTimeOffset? WelcomedAt);

[Action("get-user", Description = "Finds a user by id (signed-in users only); 404 when there is none", Tags = ["users"])]
[Get("/users/{id}")]
[Authenticated]
[ErrorResponses(404)]
public sealed class GetUser : ActionHandler<GetUser.Input, UserView>
{
    public sealed record Input([Range(1, long.MaxValue)] long Id);

    // A read: served by a read replica when database.readReplicas are configured.
    public override async Task<UserView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QuerySingleOrDefaultAsync<UserView>("select id, name, email, welcomed_at from users where id = @Id", input, cancellationToken)
        ?? throw new NotFoundException($"There is no user {input.Id}.", "user_not_found");
}
