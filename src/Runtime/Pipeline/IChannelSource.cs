namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What <c>ctx.Channels</c> publishes through (the realtime server, <c>Realtime/RealtimeServer</c>, registered
/// by <c>AddRealtime</c>): declared here so invocations do not depend on the transports that deliver.
/// </summary>
internal interface IChannelSource
{
    /// <summary><c>ctx.Channels</c> of an invocation whose token is <paramref name="invocation"/>.</summary>
    IChannels For(CancellationToken invocation);
}
