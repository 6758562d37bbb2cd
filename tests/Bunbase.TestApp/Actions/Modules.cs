namespace Bunbase.TestApp.Actions;

// Modules: a shared prefix, guards, rate limit and tag; names namespaced; a sub-module; a member declared elsewhere.

public sealed record ModuleOutput(string Action, string? User, string[] Ran);

/// <summary>Allows everyone, and notes that it ran.</summary>
public sealed class ModuleGuard : ActionGuard
{
    public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken)
    {
        GuardLog.Add(context, "module");
        return ValueTask.FromResult(true);
    }
}

/// <summary>Signed-in callers only, the module's guard first, 3 calls an hour per action and caller.</summary>
[Module("tasks", Prefix = "/tasks", Description = "The fixture's module of tasks.")]
[Authenticated]
[Guard<ModuleGuard>]
[RateLimit(3, Per = "1h")]
public static class TaskModule
{
    /// <summary><c>GET /tasks</c>: the route "" is the prefix itself.</summary>
    [Get("")]
    public sealed class List : ActionHandler<List.Input, ModuleOutput>
    {
        public sealed record Input;

        public override Task<ModuleOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ModuleOutput("list", context.Auth.User?.Id, GuardLog.Take(context)));
    }

    /// <summary><c>GET /tasks/{id}</c>, with a guard of its own after the module's.</summary>
    [Action("find", Tags = ["lookups"])]
    [Get("/{id:int}")]
    [Guard<OwnGuard>]
    public sealed class Find : ActionHandler<Find.Input, ModuleOutput>
    {
        public sealed record Input(int Id);

        public override Task<ModuleOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ModuleOutput("find", context.Auth.User?.Id, GuardLog.Take(context)));
    }

    /// <summary><c>POST /tasks</c> (route "/"), its own limit instead of the module's.</summary>
    [Post("/", Status = 201)]
    [RateLimit(1, Per = "1h")]
    public sealed class Create : ActionHandler<Create.Input, ModuleOutput>
    {
        public sealed record Input;

        public override Task<ModuleOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ModuleOutput("create", context.Auth.User?.Id, GuardLog.Take(context)));
    }

    /// <summary><c>GET /tasks/open</c> (a route without a leading '/'): public only because it says so itself.</summary>
    [Get("open")]
    [AllowAnonymous]
    public sealed class Open : ActionHandler<Open.Input, ModuleOutput>
    {
        public sealed record Input;

        public override Task<ModuleOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ModuleOutput("open", context.Auth.User?.Id, GuardLog.Take(context)));
    }
}

/// <summary>A member of the tasks module declared outside it: <c>POST /tasks/{id}/archive</c>, named tasks.archive-task.</summary>
[InModule(typeof(TaskModule))]
[Post("/{id:int}/archive")]
public sealed class ArchiveTask : ActionHandler<ArchiveTask.Input, ModuleOutput>
{
    public sealed record Input(int Id);

    public override Task<ModuleOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ModuleOutput("archive", context.Auth.User?.Id, GuardLog.Take(context)));
}

/// <summary>Admins only; its sub-module adds a permission and its prefix.</summary>
[Module("back-office", Prefix = "/back-office")]
[RequireRole("admin")]
public static class BackOffice
{
    [Module("users", Prefix = "/users")]
    [RequirePermission("users:read")]
    public static class Users
    {
        /// <summary><c>GET /back-office/users</c>, named back-office.users.list.</summary>
        [Get("")]
        public sealed class List : ActionHandler<List.Input, ModuleOutput>
        {
            public sealed record Input;

            public override Task<ModuleOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
                Task.FromResult(new ModuleOutput("users", context.Auth.User?.Id, GuardLog.Take(context)));
        }
    }
}
