using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Native;

namespace MptcpMatrix.Agent.Sockets;

/// <summary>Creates the MPTCP listener and connections the selftest runs on. Every wait is bounded by a deadline.</summary>
internal static unsafe class MptcpSockets
{
    /// <summary>A stream socket of <paramref name="protocol"/>: MPTCP unless told otherwise (the suites open plain TCP
    /// sockets beside the MPTCP ones).</summary>
    public static SafeFd Open(AddressFamily family, int protocol = SocketConstants.IPPROTO_MPTCP)
    {
        var fd = Interop.Sys.Socket(family.Af, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var name = protocol == SocketConstants.IPPROTO_MPTCP ? "IPPROTO_MPTCP" : "IPPROTO_TCP";
            throw new SetupException("socket", errno, $"socket({family.Name}, SOCK_STREAM, {name}) failed: {Interop.Errno.Name(errno)}");
        }

        return new SafeFd(fd);
    }

    /// <summary>socket + SO_REUSEADDR + bind(loopback, port) + listen(20). Port 0 picks an ephemeral port.</summary>
    public static (SafeFd Listener, int Port) Listen(AddressFamily family, int port, int protocol = SocketConstants.IPPROTO_MPTCP)
    {
        var fd = Open(family, protocol);
        try
        {
            var one = 1;
            Interop.Sys.SetSockOpt(fd.Fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, &one, sizeof(int));
            var addr = family.LoopbackSockaddr(port);
            fixed (byte* a = addr)
            {
                if (Interop.Sys.Bind(fd.Fd, a, addr.Length) != 0) Fail("bind", $"bind({family.Loopback}:{port})");
            }

            if (Interop.Sys.Listen(fd.Fd, 20) != 0) Fail("listen", "listen");
            Span<byte> bound = stackalloc byte[SocketConstants.SockaddrStorageSize];
            var len = bound.Length;
            if (!LinuxSocketApi.Instance.GetSockName(fd.Fd, bound, ref len).Ok) Fail("getsockname", "getsockname(listener)");
            return (fd, AddressFamily.PortOf(bound));
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>A connected MPTCP client socket; connect is bounded by SO_SNDTIMEO set from the deadline.</summary>
    public static SafeFd Connect(AddressFamily family, int port, Deadline deadline, int protocol = SocketConstants.IPPROTO_MPTCP)
    {
        var fd = Open(family, protocol);
        try
        {
            Connect(fd, family, port, deadline);
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Connects an open socket (options already set on it) to loopback at <paramref name="port"/>, bounded by
    /// SO_SNDTIMEO set from the deadline.</summary>
    public static void Connect(SafeFd fd, AddressFamily family, int port, Deadline deadline)
    {
        var ms = Math.Max(1, deadline.RemainingMilliseconds);
        var tv = stackalloc long[2] { ms / 1000, ms % 1000 * 1000 };
        Interop.Sys.SetSockOpt(fd.Fd, SocketConstants.SOL_SOCKET, SoSndTimeo, tv, 16);
        var addr = family.LoopbackSockaddr(port);
        fixed (byte* a = addr)
        {
            while (Interop.Sys.Connect(fd.Fd, a, addr.Length) != 0)
            {
                if (Marshal.GetLastPInvokeError() != Interop.Errno.EINTR) Fail("connect", $"connect({family.Loopback}:{port})");
            }
        }
    }

    /// <summary>The local port of a bound or connected socket.</summary>
    public static int LocalPort(SafeFd fd)
    {
        Span<byte> local = stackalloc byte[SocketConstants.SockaddrStorageSize];
        var len = local.Length;
        var named = LinuxSocketApi.Instance.GetSockName(fd.Fd, local, ref len);
        if (!named.Ok) throw new SetupException("getsockname", named.Errno, "getsockname failed: " + named.ErrnoName);
        return AddressFamily.PortOf(local);
    }

    public static SafeFd Accept(SafeFd listener, Deadline deadline) => Accept(listener.Fd, deadline);

    public static SafeFd Accept(int listener, Deadline deadline)
    {
        var ready = LinuxSocketApi.WaitFor(listener, Interop.Sys.POLLIN, deadline);
        if (!ready.Ok) throw new SetupException("accept", ready.Errno, $"accept: no connection before the deadline ({ready.ErrnoName})");
        var fd = Interop.Sys.Accept4(listener, null, null, SocketConstants.SOCK_CLOEXEC);
        if (fd < 0) Fail("accept", "accept");
        return new SafeFd(fd);
    }

    private const int SoSndTimeo = 21;

    private static void Fail(string step, string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        throw new SetupException(step, errno, $"{what} failed: {Interop.Errno.Name(errno)}");
    }
}
