using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Bunbase.TestApp.Actions;

// Roles, permissions (with wildcards), custom guards, guards on a base class, [AllowAnonymous] and nested calls.

public sealed record GuardInput;

public sealed record GuardOutput(bool Ok, string[] Ran);

[Action("admin-only")]
[Get("/guarded/admin")]
[RequireRole("admin")]
public sealed class AdminOnly : ActionHandler<AdminOnly.Input, GuardOutput>
{
    public sealed record Input : IActionInput<GuardOutput>;

    public override Task<GuardOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, []));
}

/// <summary>Either role will do; and an auditor is needed besides.</summary>
[Action("editor-and-auditor")]
[Get("/guarded/roles")]
[RequireRole("admin", "editor")]
[RequireRole("auditor")]
public sealed class EditorAndAuditor : ActionHandler<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, []));
}

[Action("perm-tasks-write")]
[Get("/guarded/tasks-write")]
[RequirePermission("tasks:write")]
public sealed class TasksWrite : ActionHandler<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, []));
}

[Action("perm-tasks-write-own")]
[Get("/guarded/tasks-write-own")]
[RequirePermission("tasks:write:own")]
public sealed class TasksWriteOwn : ActionHandler<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, []));
}

[Action("perm-billing")]
[Get("/guarded/billing")]
[RequirePermission("billing")]
public sealed class Billing : ActionHandler<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, []));
}

/// <summary>Which custom guards ran for an invocation, in order (keyed by trace id).</summary>
public static class GuardLog
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Entries = new();

    public static void Add(ActionContext context, string guard) => Entries.GetOrAdd(context.TraceId, _ => new()).Enqueue(guard);

    public static string[] Take(ActionContext context) => Entries.TryRemove(context.TraceId, out var queue) ? [.. queue] : [];
}

/// <summary>Allows everyone, and notes that it ran.</summary>
public sealed class GroupGuard : ActionGuard
{
    public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken)
    {
        GuardLog.Add(context, "group");
        return ValueTask.FromResult(true);
    }
}

/// <summary>Allows everyone, and notes that it ran.</summary>
public sealed class OwnGuard : ActionGuard
{
    public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken)
    {
        GuardLog.Add(context, "own");
        return ValueTask.FromResult(true);
    }
}

/// <summary>The group: staff only, and the group's guard runs first.</summary>
[RequireRole("staff")]
[Guard<GroupGuard>]
public abstract class StaffAction<TInput, TOutput> : ActionHandler<TInput, TOutput>
    where TInput : notnull;

/// <summary>A group member with guards of its own.</summary>
[Action("staff-report")]
[Get("/staff/report")]
[RequirePermission("reports:read")]
[Guard<OwnGuard>]
public sealed class StaffReport : StaffAction<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, GuardLog.Take(context)));
}

/// <summary>A group member anyone may call.</summary>
[Action("staff-open-day")]
[Get("/staff/open-day")]
[AllowAnonymous]
public sealed class StaffOpenDay : StaffAction<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GuardOutput(true, GuardLog.Take(context)));
}

/// <summary>Only the owner named in the path may write the document.</summary>
public sealed class OwnsDocument : InputGuard<SaveDocument.Input>
{
    public override ValueTask<bool> AllowsAsync(SaveDocument.Input input, ActionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.Auth.User?.Id == input.Owner);
}

[Action("save-document")]
[Put("/documents/{owner}")]
[Authenticated]
[Guard<OwnsDocument>]
public sealed class SaveDocument : ActionHandler<SaveDocument.Input, SaveDocument.Output>
{
    public sealed record Input(string Owner, [Required, StringLength(50, MinimumLength = 1)] string Title);

    public sealed record Output(string Owner, string Title);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Owner, input.Title));
}

/// <summary>Anyone may call it; it calls the admin-only action with the caller's session.</summary>
[Action("call-admin")]
[Get("/call-admin")]
[ErrorResponses(401, 403)]
public sealed class CallAdmin : ActionHandler<GuardInput, GuardOutput>
{
    public override Task<GuardOutput> RunAsync(GuardInput input, ActionContext context, CancellationToken cancellationToken) =>
        context.CallAsync(new AdminOnly.Input(), cancellationToken);
}
