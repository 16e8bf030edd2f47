using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Native;

/// <summary>
/// struct mptcp_full_info (MPTCP_FULL_INFO, optname 4): six u32 sizes/counts, two aligned u64 user pointers to the
/// subflow_info and tcp_info arrays, then struct mptcp_info. The kernel needs at least <see cref="HeaderSize"/> bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MptcpFullInfo
{
    public const int HeaderSize = 40;

    public uint SizeTcpinfoKernel;
    public uint SizeTcpinfoUser;
    public uint SizeSfinfoKernel;
    public uint SizeSfinfoUser;
    public uint NumSubflows;
    public uint SizeArraysUser;
    public ulong SubflowInfo;
    public ulong TcpInfo;
    public MptcpInfo MptcpInfo;
}
