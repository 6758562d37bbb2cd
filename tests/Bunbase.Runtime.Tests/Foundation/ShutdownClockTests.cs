using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Foundation;

public sealed class ShutdownClockTests
{
    [Fact]
    public void A_grace_counts_from_when_shutdown_began_not_from_the_service_s_own_stop()
    {
        var clock = new FakeTimeProvider();
        var shutdown = new ShutdownClock(clock);

        var before = shutdown.Left(10_000);
        shutdown.Begin();
        clock.Advance(TimeSpan.FromSeconds(4));   // the HTTP drain, and the services stopped before this one
        shutdown.Begin();                         // a second call keeps the first time
        var during = shutdown.Left(10_000);
        clock.Advance(TimeSpan.FromSeconds(20));
        var after = shutdown.Left(10_000);

        Assert.Equal(TimeSpan.FromSeconds(10), before);
        Assert.Equal(TimeSpan.FromSeconds(6), during);
        Assert.Equal(TimeSpan.Zero, after);
    }
}
