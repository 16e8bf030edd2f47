using System.Reflection;
using System.Runtime.CompilerServices;
using MptcpMatrix.Agent.Native;
using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using static MptcpMatrix.Agent.Tests.Layout.Layouts;

namespace MptcpMatrix.Agent.Tests.Layout;

/// <summary>
/// Every struct, offset and number the agent hard-codes, compared with the kernel uapi headers by compiling a C probe:
/// the 6.1 headers (Debian 12's linux-libc-dev) for what 6.1 has, trixie's 6.12 headers for what came later.
/// </summary>
public sealed class UapiLayoutTests
{
    private const string Bogus = "struct bogus_data { struct mptcp_subflow_data d; char buf[2]; };";

    [Fact]
    public async Task Mptcp_info_is_the_48_byte_6_1_struct_field_by_field()
    {
        await AssertSameAsync(UapiHeaders.Linux61(), Struct<MptcpInfo>("mptcp_info", "mptcpi_").Append(
            new LayoutRow("MptcpInfo.Size", "sizeof(struct mptcp_info)", MptcpInfo.Size)));
    }

    [Fact]
    public async Task The_fields_newer_kernels_append_to_mptcp_info_are_where_the_agent_reads_them()
    {
        await AssertSameAsync(UapiHeaders.Linux612(), Struct<MptcpInfo>("mptcp_info", "mptcpi_", size: false).Concat(
        [
            new("retransmits", "offsetof(struct mptcp_info, mptcpi_retransmits)", MptcpInfoExtension.RetransmitsOffset),
            new("bytes_retrans", "offsetof(struct mptcp_info, mptcpi_bytes_retrans)", MptcpInfoExtension.BytesRetransOffset),
            new("bytes_sent", "offsetof(struct mptcp_info, mptcpi_bytes_sent)", MptcpInfoExtension.BytesSentOffset),
            new("bytes_received", "offsetof(struct mptcp_info, mptcpi_bytes_received)", MptcpInfoExtension.BytesReceivedOffset),
            new("bytes_acked", "offsetof(struct mptcp_info, mptcpi_bytes_acked)", MptcpInfoExtension.BytesAckedOffset),
            new("minimum_length", "offsetof(struct mptcp_info, mptcpi_bytes_acked) + sizeof(__u64)", MptcpInfoExtension.MinimumLength),
        ]));
    }

    [Theory]
    [InlineData("6.1")]
    [InlineData("6.12")]
    public async Task Mptcp_subflow_data_is_16_bytes_and_a_header_with_two_more_bytes_is_24(string uapi)
    {
        await AssertSameAsync(Tree(uapi), Struct<MptcpSubflowData>("mptcp_subflow_data").Concat(
        [
            new("MptcpSubflowData.Size", "sizeof(struct mptcp_subflow_data)", MptcpSubflowData.Size),
            new("MptcpSubflowData.BogusSize", "sizeof(struct bogus_data)", MptcpSubflowData.BogusSize),
            new("alignment", "_Alignof(struct mptcp_subflow_data)", 8),
        ]), Bogus);
    }

    [Theory]
    [InlineData("6.1")]
    [InlineData("6.12")]
    public async Task Mptcp_subflow_addrs_is_256_bytes_with_the_local_address_at_0_and_the_remote_at_128(string uapi)
    {
        await AssertSameAsync(Tree(uapi), Struct<MptcpSubflowAddrs>("mptcp_subflow_addrs", cField: f => f switch
        {
            "SaFamily" => "sa_family",
            "Local" => "ss_local",
            "Remote" => "ss_remote",
            _ => f,
        }).Concat(
        [
            new("MptcpSubflowAddrs.Size", "sizeof(struct mptcp_subflow_addrs)", MptcpSubflowAddrs.Size),
            new("LocalOffset", "offsetof(struct mptcp_subflow_addrs, sin6_local)", MptcpSubflowAddrs.LocalOffset),
            new("RemoteOffset", "offsetof(struct mptcp_subflow_addrs, sin6_remote)", MptcpSubflowAddrs.RemoteOffset),
            new("SockaddrStorageSize", "sizeof(struct __kernel_sockaddr_storage)", SocketConstants.SockaddrStorageSize),
            new("glibc sockaddr_storage", "sizeof(struct sockaddr_storage)", SocketConstants.SockaddrStorageSize),
            new("SaFamilySize", "sizeof(sa_family_t)", SocketConstants.SaFamilySize),
        ]));
    }

    [Fact]
    public async Task Tcp_info_is_232_bytes_on_6_1_with_the_fields_the_agent_reads()
    {
        await AssertSameAsync(UapiHeaders.Linux61(), Struct<TcpInfo>("tcp_info", "tcpi_").Append(
            new LayoutRow("TcpInfo.Size", "sizeof(struct tcp_info)", TcpInfo.Size)));
    }

    [Fact]
    public async Task Tcp_info_is_longer_on_6_12_but_its_232_byte_prefix_has_the_same_offsets()
    {
        var dirs = UapiHeaders.Linux612();

        var size = await EvaluateAsync(dirs, "sizeof(struct tcp_info)");

        Assert.True(size > TcpInfo.Size, $"6.12's tcp_info is {size} bytes, expected more than {TcpInfo.Size}");
        await AssertSameAsync(dirs, Struct<TcpInfo>("tcp_info", "tcpi_", size: false));
    }

    [Fact]
    public async Task Mptcp_full_info_matches_the_6_12_uapi_field_by_field_with_a_40_byte_header()
    {
        var dirs = UapiHeaders.Linux612();
        await AssertSameAsync(dirs, Struct<MptcpFullInfo>("mptcp_full_info", size: false).Concat(
        [
            new("HeaderSize", "offsetof(struct mptcp_full_info, mptcp_info)", MptcpFullInfo.HeaderSize),
            new("sizeof with the 6.1 mptcp_info", "offsetof(struct mptcp_full_info, mptcp_info) + offsetof(struct mptcp_info, mptcpi_retransmits)",
                Unsafe.SizeOf<MptcpFullInfo>() - (MptcpInfo.Size - MptcpInfoExtension.RetransmitsOffset)),
        ]));

        // The room FullInfoRound leaves for mptcp_info holds the whole 6.12 struct.
        var room = Constant(typeof(FullInfoRound), "InfoRoom");
        var info = await EvaluateAsync(dirs, "sizeof(struct mptcp_info)");
        Assert.True(info <= room, $"6.12's mptcp_info is {info} bytes, FullInfoRound leaves {room}");
    }

    [Fact]
    public async Task Mptcp_subflow_info_is_264_bytes_with_the_addresses_at_8()
    {
        await AssertSameAsync(UapiHeaders.Linux612(), Struct<MptcpSubflowInfo>("mptcp_subflow_info").Concat(
        [
            new("MptcpSubflowInfo.Size", "sizeof(struct mptcp_subflow_info)", MptcpSubflowInfo.Size),
            new("AddrsOffset", "offsetof(struct mptcp_subflow_info, addrs)", MptcpSubflowInfo.AddrsOffset),
        ]));
    }

    [Fact]
    public async Task The_socket_constants_match_the_headers()
    {
        LayoutRow[] common =
        [
            new("AF_INET", "AF_INET", SocketConstants.AF_INET),
            new("AF_INET6", "AF_INET6", SocketConstants.AF_INET6),
            new("SOCK_STREAM", "SOCK_STREAM", SocketConstants.SOCK_STREAM),
            new("SOCK_DGRAM", "SOCK_DGRAM", SocketConstants.SOCK_DGRAM),
            new("SOCK_CLOEXEC", "SOCK_CLOEXEC", SocketConstants.SOCK_CLOEXEC),
            new("IPPROTO_MPTCP", "IPPROTO_MPTCP", SocketConstants.IPPROTO_MPTCP),
            new("SOL_SOCKET", "SOL_SOCKET", SocketConstants.SOL_SOCKET),
            new("SO_REUSEADDR", "SO_REUSEADDR", SocketConstants.SO_REUSEADDR),
            new("SO_PROTOCOL", "SO_PROTOCOL", SocketConstants.SO_PROTOCOL),
            new("SOL_TCP", "IPPROTO_TCP", SocketConstants.SOL_TCP), // SOL_TCP is netinet/tcp.h's name for it, which clashes with linux/tcp.h
            new("SO_SNDTIMEO", "SO_SNDTIMEO", Constant(typeof(MptcpSockets), "SoSndTimeo")),
            new("struct timeval", "sizeof(struct timeval)", 16),
            new("SOL_IP", "SOL_IP", SocketConstants.SOL_IP),
            new("IP_TOS", "IP_TOS", SocketConstants.IP_TOS),
            new("SOL_MPTCP", "SOL_MPTCP", SocketConstants.SOL_MPTCP),
            new("MPTCP_INFO", "MPTCP_INFO", SocketConstants.MPTCP_INFO),
            new("MPTCP_TCPINFO", "MPTCP_TCPINFO", SocketConstants.MPTCP_TCPINFO),
            new("MPTCP_SUBFLOW_ADDRS", "MPTCP_SUBFLOW_ADDRS", SocketConstants.MPTCP_SUBFLOW_ADDRS),
            new("sockaddr_in", "sizeof(struct sockaddr_in)", AddressFamily.IPv4.LoopbackSockaddr(0).Length),
            new("sockaddr_in6", "sizeof(struct sockaddr_in6)", AddressFamily.IPv6.LoopbackSockaddr(0).Length),
        ];
        await AssertSameAsync(UapiHeaders.Linux61(), common);
        await AssertSameAsync(UapiHeaders.Linux612(), common.Append(new LayoutRow("MPTCP_FULL_INFO", "MPTCP_FULL_INFO", SocketConstants.MPTCP_FULL_INFO))
            .Append(new LayoutRow("TCP_IS_MPTCP", "TCP_IS_MPTCP", SocketConstants.TCP_IS_MPTCP)));
    }

    [Fact]
    public async Task Every_option_the_sockopts_suite_probes_has_the_number_its_uapi_name_gives_it()
    {
        var rows = new List<LayoutRow>();
        foreach (var probe in Sockopts.SockoptCatalog.All.DistinctBy(p => p.CName))
        {
            rows.Add(new(probe.CName, probe.CName, probe.OptName));
            rows.Add(new(probe.CName + " level", Sockopts.SockoptCatalog.LevelName(probe.Level), probe.Level));
        }

        await AssertSameAsync(UapiHeaders.Linux612(), rows);
    }

    [Fact]
    public async Task The_inq_suite_s_ioctls_control_message_and_msghdr_match_the_headers()
    {
        await AssertSameAsync(UapiHeaders.Linux61(),
        [
            new("SIOCINQ", "SIOCINQ", (long)Interop.Sys.SIOCINQ),
            new("FIONREAD", "FIONREAD", (long)Interop.Sys.SIOCINQ),
            new("SIOCOUTQ", "SIOCOUTQ", (long)Interop.Sys.SIOCOUTQ),
            new("TIOCOUTQ", "TIOCOUTQ", (long)Interop.Sys.SIOCOUTQ),
            new("SIOCOUTQNSD", "SIOCOUTQNSD", (long)Interop.Sys.SIOCOUTQNSD),
            new("TCP_CM_INQ", "TCP_CM_INQ", Inq.InqReading.Type),
            new("TCP_INQ", "TCP_INQ", Inq.InqReading.Type),
            new("POLLRDHUP", "POLLRDHUP", Constant(typeof(Inq.InqSuite), "PollRdHup")),
            new("sizeof msghdr", "sizeof(struct msghdr)", Unsafe.SizeOf<Interop.Sys.MsgHdr>()),
            new("msghdr.msg_iov", "offsetof(struct msghdr, msg_iov)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.MsgHdr>("Iov")),
            new("msghdr.msg_control", "offsetof(struct msghdr, msg_control)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.MsgHdr>("Control")),
            new("msghdr.msg_controllen", "offsetof(struct msghdr, msg_controllen)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.MsgHdr>("ControlLength")),
            new("msghdr.msg_flags", "offsetof(struct msghdr, msg_flags)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.MsgHdr>("Flags")),
            new("sizeof iovec", "sizeof(struct iovec)", Unsafe.SizeOf<Interop.Sys.IoVec>()),
            new("cmsghdr data", "CMSG_LEN(0)", 16),
            new("IPPROTO_TCP", "IPPROTO_TCP", SocketConstants.IPPROTO_TCP),
        ], "#include <linux/sockios.h>\n");
    }

    [Fact]
    public async Task The_inet_diag_request_answer_and_attributes_the_subflow_checks_read_match_the_headers()
    {
        await AssertSameAsync(UapiHeaders.Linux61(),
        [
            new("AF_NETLINK", "AF_NETLINK", InetDiag.AF_NETLINK),
            new("SOCK_RAW", "SOCK_RAW", InetDiag.SOCK_RAW),
            new("NETLINK_SOCK_DIAG", "NETLINK_SOCK_DIAG", InetDiag.NETLINK_SOCK_DIAG),
            new("SOCK_DIAG_BY_FAMILY", "SOCK_DIAG_BY_FAMILY", InetDiag.SOCK_DIAG_BY_FAMILY),
            new("NLMSG_ERROR", "NLMSG_ERROR", InetDiag.NLMSG_ERROR),
            new("NLMSG_DONE", "NLMSG_DONE", InetDiag.NLMSG_DONE),
            new("NLM_F_REQUEST", "NLM_F_REQUEST", InetDiag.NLM_F_REQUEST),
            new("NLM_F_DUMP", "NLM_F_DUMP", InetDiag.NLM_F_DUMP),
            new("NLM_F_ACK", "NLM_F_ACK", InetDiag.NLM_F_ACK),
            new("sizeof nlmsghdr", "sizeof(struct nlmsghdr)", InetDiag.NlMsgHdrSize),
            new("sizeof inet_diag_req_v2", "sizeof(struct inet_diag_req_v2)", InetDiag.ReqV2Size),
            new("req.idiag_ext", "offsetof(struct inet_diag_req_v2, idiag_ext)", InetDiag.ReqExt),
            new("req.idiag_states", "offsetof(struct inet_diag_req_v2, idiag_states)", InetDiag.ReqStates),
            new("req.id.idiag_sport", "offsetof(struct inet_diag_req_v2, id.idiag_sport)", InetDiag.ReqSport),
            new("req.id.idiag_dport", "offsetof(struct inet_diag_req_v2, id.idiag_dport)", InetDiag.ReqDport),
            new("req.id.idiag_src", "offsetof(struct inet_diag_req_v2, id.idiag_src)", InetDiag.ReqSrc),
            new("req.id.idiag_dst", "offsetof(struct inet_diag_req_v2, id.idiag_dst)", InetDiag.ReqDst),
            new("req.id.idiag_if", "offsetof(struct inet_diag_req_v2, id.idiag_if)", InetDiag.ReqIf),
            new("req.id.idiag_cookie", "offsetof(struct inet_diag_req_v2, id.idiag_cookie)", InetDiag.ReqCookie),
            new("INET_DIAG_NOCOOKIE", "INET_DIAG_NOCOOKIE", InetDiag.INET_DIAG_NOCOOKIE),
            new("msg.idiag_state", "offsetof(struct inet_diag_msg, idiag_state)", InetDiag.MsgState),
            new("sizeof inet_diag_msg", "sizeof(struct inet_diag_msg)", InetDiag.MsgSize),
            new("msg.idiag_sport", "offsetof(struct inet_diag_msg, id.idiag_sport)", InetDiag.MsgSport),
            new("msg.idiag_dport", "offsetof(struct inet_diag_msg, id.idiag_dport)", InetDiag.MsgDport),
            new("msg.idiag_if", "offsetof(struct inet_diag_msg, id.idiag_if)", InetDiag.MsgIf),
            new("msg.idiag_inode", "offsetof(struct inet_diag_msg, idiag_inode)", InetDiag.MsgInode),
            new("INET_DIAG_CONG", "INET_DIAG_CONG", InetDiag.INET_DIAG_CONG),
            new("INET_DIAG_TOS", "INET_DIAG_TOS", InetDiag.INET_DIAG_TOS),
            new("INET_DIAG_TCLASS", "INET_DIAG_TCLASS", InetDiag.INET_DIAG_TCLASS),
            new("INET_DIAG_SKMEMINFO", "INET_DIAG_SKMEMINFO", InetDiag.INET_DIAG_SKMEMINFO),
            new("INET_DIAG_MARK", "INET_DIAG_MARK", InetDiag.INET_DIAG_MARK),
            new("INET_DIAG_CLASS_ID", "INET_DIAG_CLASS_ID", InetDiag.INET_DIAG_CLASS_ID),
            new("SK_MEMINFO_RCVBUF", "SK_MEMINFO_RCVBUF", InetDiag.SK_MEMINFO_RCVBUF),
            new("SK_MEMINFO_SNDBUF", "SK_MEMINFO_SNDBUF", InetDiag.SK_MEMINFO_SNDBUF),
            new("LINUX_CAPABILITY_VERSION_3", "_LINUX_CAPABILITY_VERSION_3", Interop.Sys.LINUX_CAPABILITY_VERSION_3),
            new("sizeof cap header", "sizeof(struct __user_cap_header_struct)", Unsafe.SizeOf<Interop.Sys.CapHeader>()),
            new("sizeof cap data", "sizeof(struct __user_cap_data_struct)", Unsafe.SizeOf<Interop.Sys.CapData>()),
            new("CAP_NET_ADMIN", "CAP_NET_ADMIN", (long)Host.Capability.NetAdmin),
            new("CAP_NET_RAW", "CAP_NET_RAW", (long)Host.Capability.NetRaw),
        ], "#include <linux/netlink.h>\n#include <linux/sock_diag.h>\n#include <linux/inet_diag.h>\n#include <linux/capability.h>\n");
    }

    [Fact]
    public async Task The_ifreq_flags_member_is_at_offset_16_of_a_40_byte_ifreq()
    {
        await AssertSameAsync(UapiHeaders.Linux61(),
        [
            new("sizeof ifreq", "sizeof(struct ifreq)", Unsafe.SizeOf<Interop.Sys.IfReqFlags>()),
            new("ifr_name", "offsetof(struct ifreq, ifr_name)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.IfReqFlags>("Name")),
            new("ifr_flags", "offsetof(struct ifreq, ifr_flags)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.IfReqFlags>("Flags")),
            new("sizeof ifr_flags", "sizeof(((struct ifreq *)0)->ifr_flags)", sizeof(short)),
            new("IFNAMSIZ", "IFNAMSIZ", 16),
            new("SIOCGIFFLAGS", "SIOCGIFFLAGS", (long)Interop.Sys.SIOCGIFFLAGS),
            new("SIOCSIFFLAGS", "SIOCSIFFLAGS", (long)Interop.Sys.SIOCSIFFLAGS),
            new("IFF_UP", "IFF_UP", Interop.Sys.IFF_UP),
        ]);
    }

    [Fact]
    public async Task The_syscall_constants_and_small_structs_match_glibc()
    {
        await AssertSameAsync(UapiHeaders.Linux61(),
        [
            new("CLONE_NEWNET", "CLONE_NEWNET", Interop.Sys.CLONE_NEWNET),
            new("O_RDONLY", "O_RDONLY", Interop.Sys.O_RDONLY),
            new("O_WRONLY", "O_WRONLY", Interop.Sys.O_WRONLY),
            new("POLLIN", "POLLIN", Interop.Sys.POLLIN),
            new("POLLOUT", "POLLOUT", Interop.Sys.POLLOUT),
            new("sizeof pollfd", "sizeof(struct pollfd)", Unsafe.SizeOf<Interop.Sys.PollFd>()),
            new("pollfd.events", "offsetof(struct pollfd, events)", (long)System.Runtime.InteropServices.Marshal.OffsetOf<Interop.Sys.PollFd>("Events")),
            new("LINUX_REBOOT_CMD_POWER_OFF", "(int)LINUX_REBOOT_CMD_POWER_OFF", Interop.Sys.LINUX_REBOOT_CMD_POWER_OFF),
            new("utsname field", "sizeof(((struct utsname *)0)->release)", Interop.Sys.UtsFieldLength),
            new("utsname", "sizeof(struct utsname)", Interop.Sys.UtsFieldLength * 6),
            new("utsname.release", "offsetof(struct utsname, release)", Interop.Sys.UtsFieldLength * 2),
            new("utsname.machine", "offsetof(struct utsname, machine)", Interop.Sys.UtsFieldLength * 4),
            new("dirent.d_type", "offsetof(struct dirent, d_type)", Interop.Sys.DirentTypeOffset),
            new("dirent.d_name", "offsetof(struct dirent, d_name)", Interop.Sys.DirentNameOffset),
            new("DT_DIR", "DT_DIR", Interop.Sys.DT_DIR),
        ]);
    }

    [Fact]
    public async Task Every_errno_the_agent_names_has_the_number_errno_h_gives_it()
    {
        var errnos = typeof(Interop.Errno).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => new LayoutRow(f.Name, f.Name, (int)f.GetRawConstantValue()!))
            .ToList();
        Assert.True(errnos.Count > 30);
        Assert.All(errnos, e => Assert.Equal(e.Name, Interop.Errno.Name((int)e.CSharp)));

        await AssertSameAsync(UapiHeaders.Linux61(), errnos);
    }

    private static IReadOnlyList<string> Tree(string uapi) => uapi == "6.1" ? UapiHeaders.Linux61() : UapiHeaders.Linux612();
}
