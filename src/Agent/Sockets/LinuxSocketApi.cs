using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Sockets;

/// <summary>The real thing: each call is one syscall through <see cref="Interop.Sys"/>.</summary>
internal sealed unsafe class LinuxSocketApi : ISocketApi
{
    public static LinuxSocketApi Instance { get; } = new();

    public SysResult GetSockOpt(int fd, int level, int optname, Span<byte> value, ref int optlen)
    {
        fixed (byte* p = value)
        fixed (int* len = &optlen)
        {
            return Result(Interop.Sys.GetSockOpt(fd, level, optname, p, len));
        }
    }

    public SysResult SetSockOpt(int fd, int level, int optname, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            return Result(Interop.Sys.SetSockOpt(fd, level, optname, p, value.Length));
        }
    }

    /// <summary>
    /// The dump or lookup, except where a dump already said the kernel has no inet_diag handler for TCP (ENOENT:
    /// CONFIG_INET_TCP_DIAG off, or the module not loaded; handlers are global, not per namespace): then that answer
    /// again without asking, because each ask makes the kernel try request_module, a usermode helper that a VM guest
    /// without modprobe runs in vain. A lookup's ENOENT is not remembered: it also means "no such socket".
    /// </summary>
    public SysResult InetDiagTcp(int af, (int Local, int Remote)? only, List<TcpDiag> into, Deadline deadline)
    {
        if (Volatile.Read(ref _diagUnavailable) is var known and not 0) return SysResult.Failure(known);
        if (only is { } ports) return InetDiagReader.Lookup(af, ports, into, deadline);
        var r = InetDiagReader.Dump(af, into, deadline);
        if (!r.Ok && r.Errno == Interop.Errno.ENOENT) Volatile.Write(ref _diagUnavailable, r.Errno);
        return r;
    }

    private int _diagUnavailable;

    public string? ReadNetstat() => Host.ProcFile.ReadText(Host.MptcpCounters.NetstatPath);

    public SysResult Read(int fd, Span<byte> buffer, Deadline deadline)
    {
        var ready = WaitFor(fd, Interop.Sys.POLLIN, deadline);
        if (!ready.Ok) return ready;
        fixed (byte* p = buffer)
        {
            return Result(Interop.Sys.Read(fd, p, (nuint)buffer.Length));
        }
    }

    public SysResult Write(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return Result(Interop.Sys.Write(fd, p, (nuint)data.Length));
        }
    }

    public SysResult GetSockName(int fd, Span<byte> address, ref int length)
    {
        fixed (byte* p = address)
        fixed (int* len = &length)
        {
            return Result(Interop.Sys.GetSockName(fd, p, len));
        }
    }

    public SysResult GetPeerName(int fd, Span<byte> address, ref int length)
    {
        fixed (byte* p = address)
        fixed (int* len = &length)
        {
            return Result(Interop.Sys.GetPeerName(fd, p, len));
        }
    }

    public SysResult IoctlInt(int fd, nuint request, out int value)
    {
        int v = 0;
        var r = Result(Interop.Sys.IoctlInt(fd, request, &v));
        value = v;
        return r;
    }

    public SysResult RecvMsg(int fd, Span<byte> buffer, Span<byte> control, out int controlLength, Deadline deadline)
    {
        controlLength = 0;
        var ready = WaitFor(fd, Interop.Sys.POLLIN, deadline);
        if (!ready.Ok) return ready;
        fixed (byte* b = buffer)
        fixed (byte* c = control)
        {
            var iov = new Interop.Sys.IoVec { Base = b, Length = (nuint)buffer.Length };
            var msg = new Interop.Sys.MsgHdr { Iov = &iov, IovLength = 1, Control = c, ControlLength = (nuint)control.Length };
            var r = Result(Interop.Sys.RecvMsg(fd, &msg, 0));
            controlLength = (int)msg.ControlLength;
            return r;
        }
    }

    /// <summary>poll(2) for <paramref name="events"/> until the deadline; ETIMEDOUT when it passes.</summary>
    public static SysResult WaitFor(int fd, short events, Deadline deadline)
    {
        while (true)
        {
            var pfd = new Interop.Sys.PollFd { Fd = fd, Events = events };
            var n = Interop.Sys.Poll(&pfd, 1, deadline.RemainingMilliseconds);
            if (n > 0) return SysResult.Success();
            if (n == 0) return SysResult.Failure(Interop.Errno.ETIMEDOUT);
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interop.Errno.EINTR) return SysResult.Failure(errno);
        }
    }

    public static SysResult Result(long value) =>
        value >= 0 ? SysResult.Success(value) : SysResult.Failure(Marshal.GetLastPInvokeError());
}
