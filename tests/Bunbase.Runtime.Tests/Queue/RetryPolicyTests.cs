using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Queue;

namespace Bunbase.Runtime.Tests.Queue;

public sealed class RetryPolicyTests
{
    private static readonly QueueOptions Options = new() { BackoffMs = 1_000, MaxBackoffMs = 10_000 };

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(3, 4_000)]
    [InlineData(4, 8_000)]
    [InlineData(5, 10_000)]
    [InlineData(40, 10_000)]
    public void The_delay_doubles_per_attempt_up_to_the_ceiling_with_equal_jitter(int attempt, double full)
    {
        var lowest = new RetryPolicy(Options, () => 0).Delay(JobSettings.Default, attempt);
        var highest = new RetryPolicy(Options, () => 1).Delay(JobSettings.Default, attempt);

        Assert.Equal(full / 2, lowest.TotalMilliseconds, 3);
        Assert.Equal(full, highest.TotalMilliseconds, 3);
    }

    [Fact]
    public void An_action_s_own_backoff_wins_over_the_configured_one()
    {
        var settings = ActionDiscovery.Discover([typeof(Backs)]).Actions.Single().Job;

        var delay = new RetryPolicy(Options, () => 1).Delay(settings, 3);

        Assert.Equal(TimeSpan.FromMilliseconds(300), delay); // 100 ms doubled twice would be 400, capped at 300
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException), true)]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(NonRetryableException), false)]
    [InlineData(typeof(JsonException), false)]
    public void Typed_errors_decide_whether_a_retry_can_help(Type exception, bool retryable)
    {
        var error = exception == typeof(NonRetryableException) ? new NonRetryableException("no") : (Exception)Activator.CreateInstance(exception)!;

        Assert.Equal(retryable, RetryPolicy.IsRetryable(error));
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    public void A_typed_4xx_is_not_retried_but_408_429_and_5xx_are(int status, bool retryable) =>
        Assert.Equal(retryable, RetryPolicy.IsRetryable(new ActionException(status, "code", "message")));

    [Action("backs")]
    [Job(Backoff = "100ms", MaxBackoff = "300ms")]
    private sealed class Backs : ActionHandler<Backs.Input, Backs.Input>
    {
        public sealed record Input;

        public override Task<Input> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
    }
}
