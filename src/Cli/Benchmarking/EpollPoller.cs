using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Bunbase.Cli.Benchmarking;

/// <summary>Level-triggered epoll: each connection registered once, woken only when ready.</summary>
internal sealed unsafe partial class EpollPoller : SocketPoller
{
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int EpollCtlMod = 3;
    private const uint EpollIn = 0x001;
    private const uint EpollOut = 0x004;
    private const uint EpollErr = 0x008;
    private const uint EpollHup = 0x010;

    // struct epoll_event is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere.
    private static readonly int Stride = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int epoll;
    private readonly byte[] events;
    private readonly List<LoadConnection?> byIndex = [];

    public EpollPoller(int capacity)
    {
        epoll = EpollCreate1(0x80000); // EPOLL_CLOEXEC
        if (epoll < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        events = new byte[Math.Max(1, capacity) * Stride];
    }

    public override void Add(LoadConnection connection)
    {
        while (byIndex.Count <= connection.Index)
            byIndex.Add(null);
        byIndex[connection.Index] = connection;
        Control(EpollCtlAdd, connection, EpollIn);
    }

    public override void Remove(LoadConnection connection) => Control(EpollCtlDel, connection, 0);

    public override void WantWrite(LoadConnection connection, bool write) => Control(EpollCtlMod, connection, write ? EpollIn | EpollOut : EpollIn);

    public override int Wait(LoadConnection[] ready, int timeoutMicros)
    {
        int count;
        fixed (byte* buffer = events)
            count = EpollWait(epoll, buffer, events.Length / Stride, (timeoutMicros + 999) / 1000);
        if (count < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == 4 ? 0 : throw new Win32Exception(error, "epoll_wait failed"); // EINTR: woken by a signal
        }

        fixed (byte* buffer = events)
        {
            for (var i = 0; i < count; i++)
                ready[i] = byIndex[(int)*(ulong*)(buffer + (i * Stride) + DataOffset)]!;
        }

        return count;
    }

    public override void Dispose() => _ = Close(epoll);

    private void Control(int operation, LoadConnection connection, uint interest)
    {
        var fd = (int)connection.Socket!.Handle;
        var buffer = stackalloc byte[16];
        *(uint*)buffer = interest | EpollErr | EpollHup;
        *(ulong*)(buffer + DataOffset) = (ulong)connection.Index;
        if (EpollCtl(epoll, operation, fd, buffer) < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl failed");
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
