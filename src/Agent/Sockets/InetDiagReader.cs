using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using static MptcpMatrix.Agent.Native.InetDiag;

namespace MptcpMatrix.Agent.Sockets;

/// <summary>
/// Reads the calling thread's network namespace's TCP sockets of one family through NETLINK_SOCK_DIAG
/// (SOCK_DIAG_BY_FAMILY, IPPROTO_TCP), asking for the congestion control, TOS, traffic class/class id and socket memory
/// attributes (INET_DIAG_MARK comes unasked, to a reader with CAP_NET_ADMIN). An MPTCP connection's subflows are plain
/// TCP sockets there, so this is how userspace sees what reached them. <see cref="Dump"/> walks the whole established
/// hash table (global, not per namespace: 262,144 buckets on a 24 GiB host, about 1 ms a dump);
/// <see cref="Lookup"/> asks for one loopback connection by its ports (the kernel's dump_one, a hash lookup). Every
/// read is bounded by the deadline.
/// </summary>
internal static unsafe class InetDiagReader
{
    private const int BufferSize = 32 * 1024;

    /// <summary>One receive buffer per thread, reused by every request: a fresh 32 KB array per lookup was 2.7 MB of the
    /// agent's allocations in a VM boot (two lookups per subflow check), and a garbage collection.</summary>
    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>Adds every socket of the dump to <paramref name="into"/>; a failed syscall or NLMSG_ERROR is the result.</summary>
    public static SysResult Dump(int af, List<TcpDiag> into, Deadline deadline) => Ask(Request(af, null), into, deadline);

    /// <summary>
    /// Adds the established socket of the loopback connection with these ports, if there is one, to
    /// <paramref name="into"/>. ENOENT is the kernel's answer both for "no such socket" and for "no inet_diag handler for
    /// TCP"; only a <see cref="Dump"/> tells the two apart. A socket the kernel finds by the ports but that is not that
    /// connection (a listener on the port: the lookup falls back to listeners) is left out.
    /// </summary>
    public static SysResult Lookup(int af, (int Local, int Remote) ports, List<TcpDiag> into, Deadline deadline)
    {
        var found = new List<TcpDiag>(1);
        var r = Ask(Request(af, ports), found, deadline);
        into.AddRange(found.Where(d => d.LocalPort == ports.Local && d.RemotePort == ports.Remote && d.Established));
        return r;
    }

    private static SysResult Ask(byte[] request, List<TcpDiag> into, Deadline deadline)
    {
        var fd = Interop.Sys.Socket(AF_NETLINK, SOCK_RAW | Native.SocketConstants.SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0) return SysResult.Failure(Marshal.GetLastPInvokeError());
        try
        {
            fixed (byte* p = request)
            {
                if (Interop.Sys.Write(fd, p, (nuint)request.Length) < 0) return SysResult.Failure(Marshal.GetLastPInvokeError());
            }

            var buffer = t_buffer ??= new byte[BufferSize];
            while (true)
            {
                var ready = LinuxSocketApi.WaitFor(fd, Interop.Sys.POLLIN, deadline);
                if (!ready.Ok) return ready;
                nint n;
                fixed (byte* b = buffer) n = Interop.Sys.Read(fd, b, (nuint)buffer.Length);
                if (n < 0) return SysResult.Failure(Marshal.GetLastPInvokeError());
                if (n == 0) return SysResult.Failure(Interop.Errno.EIO);
                if (Parse(buffer.AsSpan(0, (int)n), into) is { } end) return end;
            }
        }
        finally
        {
            Interop.Sys.Close(fd);
        }
    }

    /// <summary>nlmsghdr + inet_diag_req_v2 asking for every attribute the checks read: a dump of the established
    /// sockets, or (with <paramref name="exact"/>) the one loopback socket with those ports, acknowledged so that the
    /// answer ends as a dump's does.</summary>
    private static byte[] Request(int af, (int Local, int Remote)? exact)
    {
        var r = new byte[NlMsgHdrSize + ReqV2Size];
        BinaryPrimitives.WriteUInt32LittleEndian(r, (uint)r.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(4), SOCK_DIAG_BY_FAMILY);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(6), exact is null ? (ushort)(NLM_F_REQUEST | NLM_F_DUMP) : (ushort)(NLM_F_REQUEST | NLM_F_ACK));
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(8), 1);
        var req = r.AsSpan(NlMsgHdrSize);
        req[0] = (byte)af;
        req[1] = (byte)Native.SocketConstants.IPPROTO_TCP;
        // idiag_ext is a bit per attribute type - 1, up to INET_DIAG_SKMEMINFO; the TCLASS bit also brings INET_DIAG_CLASS_ID.
        req[ReqExt] = (byte)((1 << (INET_DIAG_CONG - 1)) | (1 << (INET_DIAG_TOS - 1)) | (1 << (INET_DIAG_TCLASS - 1)) | (1 << (INET_DIAG_SKMEMINFO - 1)));
        BinaryPrimitives.WriteUInt32LittleEndian(req[ReqStates..], 1u << TCP_ESTABLISHED);
        if (exact is { } ports)
        {
            BinaryPrimitives.WriteUInt16BigEndian(req[ReqSport..], (ushort)ports.Local);
            BinaryPrimitives.WriteUInt16BigEndian(req[ReqDport..], (ushort)ports.Remote);
            Loopback(af, req[ReqSrc..]);
            Loopback(af, req[ReqDst..]);
            // A socket bound to a device matches only a lookup on that device; the checks' sockets talk over lo.
            BinaryPrimitives.WriteInt32LittleEndian(req[ReqIf..], LOOPBACK_IFINDEX);
            BinaryPrimitives.WriteUInt32LittleEndian(req[ReqCookie..], INET_DIAG_NOCOOKIE);
            BinaryPrimitives.WriteUInt32LittleEndian(req[(ReqCookie + 4)..], INET_DIAG_NOCOOKIE);
        }

        return r;
    }

    /// <summary>127.0.0.1 or ::1 as idiag_src/idiag_dst hold it (network byte order, IPv4 in the first word).</summary>
    private static void Loopback(int af, Span<byte> address)
    {
        if (af == Native.SocketConstants.AF_INET)
        {
            address[0] = 127;
            address[3] = 1;
        }
        else
        {
            address[15] = 1;
        }
    }

    /// <summary>The messages of one read: null while the dump goes on, else how it ended.</summary>
    private static SysResult? Parse(ReadOnlySpan<byte> data, List<TcpDiag> into)
    {
        while (data.Length >= NlMsgHdrSize)
        {
            var len = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (len < NlMsgHdrSize || len > data.Length) return SysResult.Failure(Interop.Errno.EIO);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            var payload = data[NlMsgHdrSize..len];
            switch (type)
            {
                case NLMSG_DONE:
                    return SysResult.Success();
                case NLMSG_ERROR:
                    var error = payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(payload) : Interop.Errno.EIO;
                    return error == 0 ? SysResult.Success() : SysResult.Failure(error);
                case SOCK_DIAG_BY_FAMILY when payload.Length >= MsgSize:
                    into.Add(Socket(payload));
                    break;
            }

            data = data[Math.Min(data.Length, (len + 3) & ~3)..];
        }

        return null;
    }

    private static TcpDiag Socket(ReadOnlySpan<byte> msg)
    {
        var d = new TcpDiag(BinaryPrimitives.ReadUInt16BigEndian(msg[MsgSport..]), BinaryPrimitives.ReadUInt16BigEndian(msg[MsgDport..]),
            BinaryPrimitives.ReadUInt32LittleEndian(msg[MsgInode..])) { Established = msg[MsgState] == TCP_ESTABLISHED };
        var attrs = msg[MsgSize..];
        while (attrs.Length >= 4)
        {
            var len = BinaryPrimitives.ReadUInt16LittleEndian(attrs);
            if (len < 4 || len > attrs.Length) break;
            var value = attrs[4..len];
            d = BinaryPrimitives.ReadUInt16LittleEndian(attrs[2..]) switch
            {
                INET_DIAG_CONG => d with { Congestion = Text(value) },
                INET_DIAG_TOS when value.Length >= 1 => d with { Tos = value[0] },
                INET_DIAG_TCLASS when value.Length >= 1 => d with { Tclass = value[0] },
                INET_DIAG_CLASS_ID when value.Length >= 4 => d with { ClassId = BinaryPrimitives.ReadUInt32LittleEndian(value) },
                INET_DIAG_MARK when value.Length >= 4 => d with { Mark = BinaryPrimitives.ReadUInt32LittleEndian(value) },
                INET_DIAG_SKMEMINFO when value.Length >= 4 * (SK_MEMINFO_SNDBUF + 1) => d with
                {
                    RcvBuf = BinaryPrimitives.ReadUInt32LittleEndian(value[(4 * SK_MEMINFO_RCVBUF)..]),
                    SndBuf = BinaryPrimitives.ReadUInt32LittleEndian(value[(4 * SK_MEMINFO_SNDBUF)..]),
                },
                _ => d,
            };
            attrs = attrs[Math.Min(attrs.Length, (len + 3) & ~3)..];
        }

        return d;
    }

    private static string Text(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? value : value[..end]);
    }
}
