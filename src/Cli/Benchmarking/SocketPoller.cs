using System.Net.Sockets;

namespace Bunbase.Cli.Benchmarking;

/// <summary>Waits until some of a load thread's connections can be read or written.</summary>
internal abstract class SocketPoller : IDisposable
{
    /// <summary>epoll on Linux (cost per wake-up grows with the ready connections, not all of them); <c>Socket.Select</c> elsewhere.</summary>
    public static SocketPoller Create(int capacity) =>
        OperatingSystem.IsLinux() ? new EpollPoller(capacity) : new SelectPoller(capacity);

    public abstract void Add(LoadConnection connection);

    public abstract void Remove(LoadConnection connection);

    /// <summary>Whether the poller should also wake when the connection can be written (its output is pending).</summary>
    public abstract void WantWrite(LoadConnection connection, bool write);

    /// <summary>Fills <paramref name="ready"/> with the connections that can be read or written; returns how many.</summary>
    public abstract int Wait(LoadConnection[] ready, int timeoutMicros);

    public virtual void Dispose()
    {
    }

    /// <summary>The portable poller: <c>Socket.Select</c> over every connection.</summary>
    private sealed class SelectPoller(int capacity) : SocketPoller
    {
        private readonly Dictionary<Socket, LoadConnection> connections = new(capacity);
        private readonly HashSet<Socket> writers = [];
        private readonly List<Socket> readList = new(capacity);
        private readonly List<Socket> writeList = new(capacity);

        public override void Add(LoadConnection connection) => connections[connection.Socket!] = connection;

        public override void Remove(LoadConnection connection)
        {
            connections.Remove(connection.Socket!);
            writers.Remove(connection.Socket!);
        }

        public override void WantWrite(LoadConnection connection, bool write)
        {
            if (write)
                writers.Add(connection.Socket!);
            else
                writers.Remove(connection.Socket!);
        }

        public override int Wait(LoadConnection[] ready, int timeoutMicros)
        {
            readList.Clear();
            readList.AddRange(connections.Keys);
            writeList.Clear();
            writeList.AddRange(writers);
            if (readList.Count == 0)
            {
                Thread.Sleep(TimeSpan.FromMicroseconds(Math.Max(timeoutMicros, 1000)));
                return 0;
            }

            Socket.Select(readList, writeList.Count > 0 ? writeList : null, null, timeoutMicros);
            var count = 0;
            foreach (var socket in readList)
                ready[count++] = connections[socket];
            foreach (var socket in writeList)
            {
                if (!readList.Contains(socket))
                    ready[count++] = connections[socket];
            }

            return count;
        }
    }
}
