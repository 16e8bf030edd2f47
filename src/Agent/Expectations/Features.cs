namespace MptcpMatrix.Agent.Expectations;

/// <summary>
/// The MPTCP socket-API features the checks test, each with the upstream release and the mainline commit that
/// introduced it. Each was checked against the kernel's history (the commit's net-next merge date against the release's
/// merge window, the networking pull request that names it, stable mails that cite it as "commit ... upstream"); the
/// evidence is in docs/expectations.md.
/// </summary>
internal static class Features
{
    /// <summary>getsockopt(SOL_MPTCP, MPTCP_INFO): struct mptcp_info (the 48-byte 5.16 layout), 55c42fa7fa33 "mptcp: add
    /// MPTCP_INFO getsockopt". (6.10's ce5f6f71b029 "mptcp: sockopt: info: stop early if no buffer" changed nothing a
    /// caller sees: optlen 0 succeeded before it too.)</summary>
    public static readonly Feature MptcpInfo = new("mptcp_info", "getsockopt(SOL_MPTCP, MPTCP_INFO)", new(5, 16), "55c42fa7fa33");

    /// <summary>getsockopt(SOL_MPTCP, MPTCP_TCPINFO): tcp_info of every subflow behind a struct mptcp_subflow_data;
    /// 06f15cee3695 "mptcp: add MPTCP_TCPINFO getsockopt support".</summary>
    public static readonly Feature TcpInfo = new("mptcp_tcpinfo", "getsockopt(SOL_MPTCP, MPTCP_TCPINFO)", new(5, 16), "06f15cee3695");

    /// <summary>getsockopt(SOL_MPTCP, MPTCP_SUBFLOW_ADDRS): the local and remote address of every subflow;
    /// c11c5906bc0a "mptcp: add MPTCP_SUBFLOW_ADDRS getsockopt support".</summary>
    public static readonly Feature SubflowAddrs = new("mptcp_subflow_addrs", "getsockopt(SOL_MPTCP, MPTCP_SUBFLOW_ADDRS)", new(5, 16), "c11c5906bc0a");

    /// <summary>IP_TOS set and read back on an MPTCP socket: ffcacff87cd6 "mptcp: Support for IP_TOS for MPTCP
    /// setsockopt()" and 3b1e21eb60e8 "mptcp: getsockopt: add support for IP_TOS", both in 5.17.</summary>
    public static readonly Feature IpTos = new("ip_tos", "IP_TOS on an MPTCP socket (setsockopt and getsockopt)", new(5, 17), "3b1e21eb60e8");

    /// <summary>mptcpi_bytes_sent/received/acked (and retransmits, bytes_retrans): struct mptcp_info grows from 48 to 80
    /// bytes; 38967f424b5b "mptcp: track some aggregate data counters".</summary>
    public static readonly Feature InfoCounters = new("mptcp_info_counters", "mptcp_info byte counters (mptcpi_bytes_sent, _received, _acked)", new(6, 5), "38967f424b5b");

    /// <summary>getsockopt(SOL_MPTCP, MPTCP_FULL_INFO): mptcp_info plus per-subflow info and tcp_info arrays;
    /// 492432074e4f "mptcp: introduce MPTCP_FULL_INFO getsockopt" (the subflow id it reports is 6f06b4d4d1cc "mptcp: add
    /// subflow unique id", same release).</summary>
    public static readonly Feature FullInfo = new("mptcp_full_info", "getsockopt(SOL_MPTCP, MPTCP_FULL_INFO)", new(6, 5), "492432074e4f");

    /// <summary>getsockopt(SOL_TCP, TCP_IS_MPTCP): 1 on a connection that is MPTCP, 0 on one that fell back;
    /// c084ebd77a00 "tcp: socket option to check for MPTCP fallback to TCP".</summary>
    public static readonly Feature TcpIsMptcp = new("tcp_is_mptcp", "getsockopt(SOL_TCP, TCP_IS_MPTCP)", new(6, 10), "c084ebd77a00");

    public static IReadOnlyList<Feature> All { get; } = [MptcpInfo, TcpInfo, SubflowAddrs, IpTos, InfoCounters, FullInfo, TcpIsMptcp];
}
