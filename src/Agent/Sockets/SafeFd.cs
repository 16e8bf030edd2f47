using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Sockets;

/// <summary>Owns a file descriptor made by a raw syscall (.NET's Socket refuses IPPROTO_MPTCP); closes it once.</summary>
internal sealed class SafeFd : SafeHandle
{
    public SafeFd(int fd) : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public int Fd => (int)handle;

    public override bool IsInvalid => handle == new IntPtr(-1);

    protected override bool ReleaseHandle() => Interop.Sys.Close((int)handle) == 0;
}
