using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Native;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>The mptcp_subflow_data header checks shared by MPTCP_TCPINFO and MPTCP_SUBFLOW_ADDRS.</summary>
internal static class SubflowHeader
{
    public static MptcpSubflowData Write(Span<byte> buf, uint sizeUser)
    {
        buf.Clear();
        var header = new MptcpSubflowData { SizeSubflowData = MptcpSubflowData.Size, SizeUser = sizeUser };
        MemoryMarshal.Write(buf, in header);
        return header;
    }

    public static MptcpSubflowData Read(ReadOnlySpan<byte> buf) => MemoryMarshal.Read<MptcpSubflowData>(buf);

    /// <summary>
    /// One subflow, size_kernel set, size_user = min(size_kernel, what we asked), and optlen = header + size_user,
    /// never more than the buffer.
    /// </summary>
    public static void Check(CheckScope s, MptcpSubflowData header, int olen, int bufferLength, uint elementSize)
    {
        s.Expect("header", header.NumSubflows == 1 && header.SizeKernel > 0,
            "num_subflows 1, size_kernel > 0", $"num_subflows {header.NumSubflows}, size_kernel {header.SizeKernel}");
        var want = Math.Min(header.SizeKernel, elementSize);
        s.Expect("size_user", header.SizeUser == want,
            $"min(size_kernel {header.SizeKernel}, {elementSize}) = {want}", header.SizeUser.ToString());
        s.Expect("length", olen <= bufferLength && olen > MptcpSubflowData.Size && olen - MptcpSubflowData.Size == header.SizeUser,
            $"{MptcpSubflowData.Size} + size_user {header.SizeUser} = {MptcpSubflowData.Size + header.SizeUser}", olen.ToString());
    }
}
