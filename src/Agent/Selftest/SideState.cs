using MptcpMatrix.Agent.Native;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>What one side remembers between its getsockopt rounds (the reference's so_state), plus the last samples
/// that MPTCP_FULL_INFO is compared against.</summary>
internal sealed class SideState
{
    /// <summary>The first MPTCP_INFO sample with a non-zero write_seq: the base of the write_seq and rcv_nxt deltas.</summary>
    public MptcpInfo? Base { get; set; }

    /// <summary>rcv_nxt of the latest MPTCP_INFO minus the base's.</summary>
    public ulong MptcpiRcvDelta { get; set; }

    /// <summary>Set when TCPINFO saw bytes received before this side expected any (the reference's tcpi_rcv_delta).</summary>
    public ulong TcpiRcvDelta { get; set; }

    public MptcpInfo? LastInfo { get; set; }

    /// <summary>mptcpi_bytes_sent and _received of the latest long MPTCP_INFO sample (kernels with the counters).</summary>
    public (ulong Sent, ulong Received)? LastCounters { get; set; }
    public TcpInfo? LastTcpInfo { get; set; }
    public byte[]? LastSubflowAddrs { get; set; }
}
