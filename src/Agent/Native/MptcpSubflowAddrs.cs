using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Native;

/// <summary>struct mptcp_subflow_addrs: two unions, each as large as __kernel_sockaddr_storage (128 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal unsafe struct MptcpSubflowAddrs
{
    public const int Size = 256;
    public const int LocalOffset = 0;
    public const int RemoteOffset = 128;

    [FieldOffset(0)] public ushort SaFamily;
    [FieldOffset(LocalOffset)] public fixed byte Local[SocketConstants.SockaddrStorageSize];
    [FieldOffset(RemoteOffset)] public fixed byte Remote[SocketConstants.SockaddrStorageSize];
}
