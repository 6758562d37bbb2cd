using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Bunbase.Testing;

/// <summary>
/// Counts the requests the app is still handling. A response can reach the test before its
/// handler has returned (and before its run is recorded): the run log is read once none is left.
/// </summary>
internal sealed class InFlightRequests : IStartupFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            Interlocked.Increment(ref _count);
            try
            {
                await following(context).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _count);
            }
        });
        next(app);
    };
}
