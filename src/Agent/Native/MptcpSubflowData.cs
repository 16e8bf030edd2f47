using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Native;

/// <summary>struct mptcp_subflow_data: 16 bytes, aligned(8); header of MPTCP_TCPINFO and MPTCP_SUBFLOW_ADDRS.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct MptcpSubflowData
{
    public const int Size = 16;

    /// <summary>sizeof a struct that carries this header plus two more bytes, padded to its 8-byte alignment.</summary>
    public const int BogusSize = 24;

    public uint SizeSubflowData;
    public uint NumSubflows;
    public uint SizeKernel;
    public uint SizeUser;
}
