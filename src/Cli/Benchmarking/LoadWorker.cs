using System.Net.Sockets;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// One load thread: owns its connections, issues requests (closed loop, or on a schedule in
/// constant-rate mode), reads and parses responses, and counts every request it sent exactly once,
/// as a response, an error or a timeout. Non-blocking sockets, woken by a <see cref="SocketPoller"/>.
/// </summary>
internal sealed class LoadWorker
{
    private const long SelectMicros = 10_000;
    private readonly LoadPlan plan;
    private readonly LoadControl control;
    private readonly LoadConnection[] connections;
    private SocketPoller poller = null!;
    private readonly long frequency;
    private readonly long timeoutTicks;
    private readonly long intervalTicks;
    private long budget;

    public LoadWorker(LoadPlan plan, LoadControl control, int firstConnection, int connectionCount, long budget)
    {
        this.plan = plan;
        this.control = control;
        this.budget = budget;
        frequency = control.Time.TimestampFrequency;
        timeoutTicks = (long)(plan.Timeout.TotalSeconds * frequency);
        // Constant rate: each connection sends every Connections/Rate seconds, the connections' phases staggered evenly.
        intervalTicks = plan.Rate is { } rate ? Math.Max(1, (long)(plan.Connections / rate * frequency)) : 0;
        connections = new LoadConnection[connectionCount];
        for (var i = 0; i < connectionCount; i++)
        {
            var index = firstConnection + i;
            connections[i] = new LoadConnection(index, plan.Pipelining, (int)((long)index * 7919 % plan.Requests.Count))
            {
                NextIntended = control.Start + (intervalTicks * index / plan.Connections),
            };
        }
    }

    public WorkerStats Stats { get; } = new();

    public void Run()
    {
        using var poller = SocketPoller.Create(connections.Length);
        this.poller = poller;
        var ready = new LoadConnection[connections.Length];
        var deadline = control.Start + (long)(plan.Duration.TotalSeconds * frequency);
        var scanEvery = frequency / 100;
        var draining = false;
        long drainDeadline = 0;
        long nextScan = 0;
        while (true)
        {
            var now = control.Time.GetTimestamp();
            if (!draining && (now >= deadline || budget == 0 || control.Stopped))
            {
                draining = true;
                drainDeadline = now + timeoutTicks;
            }

            if (draining)
            {
                var inFlight = 0;
                foreach (var connection in connections)
                    inFlight += connection.InFlight;
                if (inFlight == 0 || now >= drainDeadline || control.Aborted)
                {
                    foreach (var connection in connections)
                        Drop(connection, ref Stats.Timeouts);
                    return;
                }
            }

            // A scan visits every connection: (re)connects, timeouts, and in constant-rate mode what is due.
            // Closed loop needs it only now and then: a connection issues its next request when a response arrives.
            var nextDue = long.MaxValue;
            if (intervalTicks > 0 || now >= nextScan)
            {
                nextScan = now + scanEvery;
                foreach (var connection in connections)
                    nextDue = Math.Min(nextDue, Scan(connection, now, draining));
            }

            var until = Math.Min(nextDue, intervalTicks > 0 ? now + scanEvery : nextScan);
            var waitMicros = (int)Math.Clamp((until - now) * 1_000_000 / frequency, 0, SelectMicros);
            var count = poller.Wait(ready, waitMicros);
            for (var i = 0; i < count; i++)
            {
                var connection = ready[i];
                if (connection.Socket is null)
                    continue;

                // A fresh reading per connection: a batch of ready sockets takes a while to go through, and
                // one reading for all of them would stamp later responses (and the requests they release) early.
                now = control.Time.GetTimestamp();
                if (connection.HasOutput && !Flush(connection, now))
                    continue;
                if (!Receive(connection, now))
                {
                    nextScan = now; // reopen it soon
                    continue;
                }

                if (!draining && intervalTicks == 0)
                {
                    Issue(connection, now);
                    if (connection.HasOutput)
                        Flush(connection, now);
                }
            }
        }
    }

    /// <summary>One connection's periodic visit; returns when its next request is due (constant rate).</summary>
    private long Scan(LoadConnection connection, long now, bool draining)
    {
        if (connection.Socket is null)
        {
            if (draining)
                return long.MaxValue;
            if (now < connection.RetryAt)
                return connection.RetryAt;
            if (!Connect(connection, now))
                return connection.RetryAt;
        }

        if (connection.InFlight > 0 && now - connection.OldestSentAt > timeoutTicks)
        {
            Drop(connection, ref Stats.Timeouts, now);
            return long.MaxValue;
        }

        var due = draining ? long.MaxValue : Issue(connection, now);
        if (connection.HasOutput)
            Flush(connection, now);
        return due;
    }

    /// <summary>Issues what is due on a connection; returns when the next request will be due (constant rate).</summary>
    private long Issue(LoadConnection connection, long now)
    {
        var pool = plan.Requests;
        while (connection.CanSend && budget != 0)
        {
            long intended;
            if (intervalTicks > 0)
            {
                if (connection.NextIntended > now)
                    return connection.NextIntended;
                intended = connection.NextIntended;
                connection.NextIntended += intervalTicks;
            }
            else
            {
                intended = now;
            }

            var index = connection.NextRequest;
            connection.NextRequest = index + 1 == pool.Count ? 0 : index + 1;
            connection.Enqueue(pool.Requests[index], pool.IsHead[index], now, intended);
            Stats.Sent++;
            budget--;
        }

        // A full pipeline waits for a response (the socket wakes the loop), not for the clock.
        return intervalTicks > 0 && budget != 0 && connection.CanSend ? connection.NextIntended : long.MaxValue;
    }

    private bool Connect(LoadConnection connection, long now)
    {
        var socket = new Socket(plan.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(plan.Target);
            socket.Blocking = false;
        }
        catch (SocketException)
        {
            socket.Dispose();
            Stats.ConnectErrors++;
            // Not in a tight loop against a port that refuses.
            connection.RetryAt = now + (frequency / 10);
            return false;
        }

        connection.Socket = socket;
        poller.Add(connection);
        Stats.Connects++;
        return true;
    }

    private bool Flush(LoadConnection connection, long now)
    {
        var socket = connection.Socket!;
        while (connection.HasOutput)
        {
            var sent = socket.Send(connection.Output, connection.OutputStart, connection.OutputEnd - connection.OutputStart, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                if (!connection.WaitsToWrite)
                {
                    poller.WantWrite(connection, true);
                    connection.WaitsToWrite = true;
                }

                return true;
            }

            if (error != SocketError.Success)
            {
                Drop(connection, ref Stats.WriteErrors, now);
                return false;
            }

            connection.OutputStart += sent;
        }

        connection.OutputStart = connection.OutputEnd = 0;
        if (connection.WaitsToWrite)
        {
            poller.WantWrite(connection, false);
            connection.WaitsToWrite = false;
        }

        return true;
    }

    private bool Receive(LoadConnection connection, long now)
    {
        if (connection.Socket is not { } socket)
            return false;
        if (connection.InputEnd == connection.Input.Length)
            MakeRoom(connection);
        var received = socket.Receive(connection.Input, connection.InputEnd, connection.Input.Length - connection.InputEnd, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
            return true;
        if (error != SocketError.Success)
        {
            Drop(connection, ref Stats.ReadErrors, now);
            return false;
        }

        if (received == 0)
        {
            // The server closed the connection: a body framed by the close ends here; whatever else is in flight is lost.
            if (connection.Parser.ReadsUntilClose && connection.InFlight > 0)
            {
                connection.Parser.CompleteAtClose();
                Answered(connection, now);
            }

            Drop(connection, ref Stats.ReadErrors, now);
            return false;
        }

        Stats.BytesRead += received;
        connection.InputEnd += received;
        while (connection.InputStart < connection.InputEnd)
        {
            if (connection.InFlight == 0)
            {
                // Bytes nobody asked for: one protocol error, though no request is lost.
                Stats.ProtocolErrors++;
                Drop(connection, ref Stats.ProtocolErrors, now);
                return false;
            }

            if (connection.Parser.AtResponseStart && connection.OldestIsHead)
                connection.Parser.ExpectNoBody();
            var step = connection.Parser.Parse(connection.Input.AsSpan(connection.InputStart, connection.InputEnd - connection.InputStart), out var consumed);
            connection.InputStart += consumed;
            if (step == ParseStep.NeedMore)
                break;
            if (step == ParseStep.Invalid)
            {
                Drop(connection, ref Stats.ProtocolErrors, now);
                return false;
            }

            Answered(connection, now);
            if (connection.Parser.CloseAfter)
            {
                // Connection: close. Requests pipelined behind this response will not be answered.
                Drop(connection, ref Stats.ReadErrors, now);
                return false;
            }
        }

        if (connection.InputStart == connection.InputEnd)
            connection.InputStart = connection.InputEnd = 0;
        return true;
    }

    private void Answered(LoadConnection connection, long now)
    {
        var status = connection.Parser.Status;
        Stats.Responses++;
        if ((uint)status < (uint)Stats.StatusCodes.Length)
            Stats.StatusCodes[status]++;
        if (status is < 200 or >= 300)
            Stats.Non2xx++;
        Stats.Latency.RecordValue(Micros(now - connection.OldestIntendedAt));
        if (intervalTicks > 0)
            Stats.UncorrectedLatency.RecordValue(Micros(now - connection.OldestSentAt));
        connection.Dequeue();
    }

    private long Micros(long ticks) => Math.Clamp(ticks * 1_000_000 / frequency, 0, WorkerStats.HighestLatencyMicros);

    /// <summary>Room at the end of the input buffer: unparsed bytes moved to the front, or a bigger buffer for a big head.</summary>
    private static void MakeRoom(LoadConnection connection)
    {
        var used = connection.InputEnd - connection.InputStart;
        var buffer = used == connection.Input.Length ? new byte[connection.Input.Length * 2] : connection.Input;
        Buffer.BlockCopy(connection.Input, connection.InputStart, buffer, 0, used);
        (connection.Input, connection.InputStart, connection.InputEnd) = (buffer, 0, used);
    }

    /// <summary>Closes a connection, counting each request still in flight once under <paramref name="counter"/>; it reopens at once.</summary>
    private void Drop(LoadConnection connection, ref long counter, long now = 0)
    {
        counter += connection.InFlight;
        if (connection.Socket is not null)
            poller.Remove(connection);
        connection.Reset();
        connection.RetryAt = now;
    }
}
