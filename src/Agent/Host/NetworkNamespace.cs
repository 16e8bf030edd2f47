using System.Runtime.InteropServices;
using System.Text;
using MptcpMatrix.Agent.Native;

namespace MptcpMatrix.Agent.Host;

/// <summary>Network namespace set-up: a fresh namespace for the calling thread, with loopback up.</summary>
internal static unsafe class NetworkNamespace
{
    /// <summary>unshare(CLONE_NEWNET) for the calling thread (and threads it starts later), then lo up.</summary>
    public static void EnterNew()
    {
        if (Interop.Sys.Unshare(Interop.Sys.CLONE_NEWNET) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new AgentException("netns", 
                $"unshare(CLONE_NEWNET) failed: {Interop.Errno.Name(errno)}" +
                (errno == Interop.Errno.EPERM ? " (--new-netns needs root or CAP_SYS_ADMIN; run with sudo)" : ""));
        }

        BringUp("lo");
    }

    /// <summary>Sets IFF_UP on an interface with SIOCSIFFLAGS.</summary>
    public static void BringUp(string name)
    {
        var fd = Interop.Sys.Socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC, 0);
        if (fd < 0) throw new AgentException("netns", $"socket(AF_INET, SOCK_DGRAM) failed: {Interop.Errno.Name(Marshal.GetLastPInvokeError())}");
        try
        {
            var req = default(Interop.Sys.IfReqFlags);
            Encoding.ASCII.GetBytes(name, new Span<byte>(req.Name, 15));
            if (Interop.Sys.Ioctl(fd, Interop.Sys.SIOCGIFFLAGS, &req) != 0 ||
                (req.Flags |= Interop.Sys.IFF_UP) == 0 ||
                Interop.Sys.Ioctl(fd, Interop.Sys.SIOCSIFFLAGS, &req) != 0)
            {
                throw new AgentException("netns", $"bringing {name} up failed: {Interop.Errno.Name(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            Interop.Sys.Close(fd);
        }
    }
}
