using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Native;

/// <summary>struct tcp_info of the 6.1 uapi (232 bytes), reduced to the members the selftest reads.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct TcpInfo
{
    public const int Size = 232;

    [FieldOffset(0)] public byte State;
    [FieldOffset(120)] public ulong BytesAcked;
    [FieldOffset(128)] public ulong BytesReceived;
    [FieldOffset(200)] public ulong BytesSent;
    [FieldOffset(208)] public ulong BytesRetrans;
}
