using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Native;

/// <summary>struct mptcp_subflow_info: u32 id, then mptcp_subflow_addrs at its 8-byte alignment (264 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct MptcpSubflowInfo
{
    public const int Size = 264;
    public const int AddrsOffset = 8;

    [FieldOffset(0)] public uint Id;
    [FieldOffset(AddrsOffset)] public MptcpSubflowAddrs Addrs;
}
