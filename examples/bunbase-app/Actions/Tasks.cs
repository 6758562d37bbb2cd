using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

// Several actions may share a file: here, a small in-memory task list.

/// <summary>The tasks of this process (the database arrives with storage).</summary>
public sealed class TaskList
{
    public static ConcurrentDictionary<Guid, TaskItem> Items { get; } = new();
}

public sealed record TaskItem(Guid Id, string Title, string? Description, DateTimeOffset CreatedAt);

[Action("create-task", Description = "Creates a task", Tags = ["tasks"])]
[Post("/tasks", Status = 201)]
[RateLimit(20, Per = "1m")]
public sealed class CreateTask(TimeProvider clock) : ActionHandler<CreateTask.Input, CreateTask.Output>
{
    public sealed record Input(
        [Required, StringLength(200, MinimumLength = 1)] string Title,
        [StringLength(2000)] string? Description);

    public sealed record Output(Guid Id, string Title, string? Description, DateTimeOffset CreatedAt, [ResponseHeader("Location")] string Location);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var task = new TaskItem(Guid.NewGuid(), input.Title, input.Description, clock.GetUtcNow());
        TaskList.Items[task.Id] = task;
        return Task.FromResult(new Output(task.Id, task.Title, task.Description, task.CreatedAt, $"/tasks/{task.Id}"));
    }
}

[Action("get-task", Description = "Finds a task by id; 404 when there is none", Tags = ["tasks"])]
[Get("/tasks/{id:guid}")]
[ErrorResponses(404)]
public sealed class GetTask : ActionHandler<GetTask.Input, TaskItem>
{
    // Names its action, so other actions can call it: context.CallAsync(new GetTask.Input(id)).
    public sealed record Input(Guid Id) : IActionInput<TaskItem>;

    public override Task<TaskItem> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        TaskList.Items.TryGetValue(input.Id, out var task)
            ? Task.FromResult(task)
            : throw new NotFoundException($"There is no task {input.Id}.", "task_not_found");
}

[Action("list-tasks", Description = "Lists tasks, newest first", Tags = ["tasks"])]
[Get("/tasks")]
public sealed class ListTasks : ActionHandler<ListTasks.Input, ListTasks.Output>
{
    public sealed record Input([Range(1, 100)] int Limit = 20, string? Search = null);

    public sealed record Output(IReadOnlyList<TaskItem> Items);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var items = TaskList.Items.Values
            .Where(t => input.Search is null || t.Title.Contains(input.Search, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(t => t.CreatedAt)
            .Take(input.Limit)
            .ToList();
        return Task.FromResult(new Output(items));
    }
}

[Action("delete-task", Description = "Deletes a task; 404 when there is none", Tags = ["tasks"])]
[Delete("/tasks/{id:guid}")]
[ErrorResponses(404)]
public sealed class DeleteTask : ActionHandler<DeleteTask.Input, NoContent>
{
    public sealed record Input(Guid Id);

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // A typed call of another action: its 404 reaches the client unchanged.
        await context.CallAsync(new GetTask.Input(input.Id), cancellationToken);
        TaskList.Items.TryRemove(input.Id, out _);
        return NoContent.Value;
    }
}
