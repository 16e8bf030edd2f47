using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Native;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>MPTCP_SUBFLOW_ADDRS: header, the subflow's addresses against getsockname/getpeername, the family-only
/// partial read, then the bogus-header cases.</summary>
internal static class SubflowAddrsRound
{
    /// <summary>The check names this round reports under <c>subflow_addrs</c>.</summary>
    public static readonly string[] Checks =
        ["call", "header", "size_user", "length", "sockname", "local", "remote",
         "family_only.length", "family_only.family", "family_only.truncated", .. BogusSubflowDataRound.Checks];

    private const int BufferLength = MptcpSubflowData.Size + 2 * MptcpSubflowAddrs.Size;
    private const int Storage = SockaddrStorageSize;

    public static void Run(ProbeContext ctx, CheckScope scope)
    {
        var s = scope.Sub("subflow_addrs", Features.SubflowAddrs);
        Span<byte> buf = stackalloc byte[BufferLength];
        SubflowHeader.Write(buf, MptcpSubflowAddrs.Size);
        var olen = BufferLength;
        var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, buf, ref olen);
        if (!s.Called(Checks, result, "getsockopt MPTCP_SUBFLOW_ADDRS")) return;
        SubflowHeader.Check(s, SubflowHeader.Read(buf), olen, BufferLength, MptcpSubflowAddrs.Size);
        var addrs = buf.Slice(MptcpSubflowData.Size, MptcpSubflowAddrs.Size);
        ctx.State.LastSubflowAddrs = addrs.ToArray();

        Span<byte> local = stackalloc byte[Storage];
        Span<byte> remote = stackalloc byte[Storage];
        local.Clear();
        remote.Clear();
        var llen = Storage;
        var rlen = Storage;
        var ln = ctx.Api.GetSockName(ctx.Fd, local, ref llen);
        var rn = ctx.Api.GetPeerName(ctx.Fd, remote, ref rlen);
        var localFamily = MemoryMarshal.Read<ushort>(local);
        var remoteFamily = MemoryMarshal.Read<ushort>(remote);
        s.Expect("sockname", ln.Ok && rn.Ok && rlen > 0 && rlen == llen && localFamily == remoteFamily,
            "getsockname and getpeername succeed with equal non-zero lengths and families",
            $"getsockname {ln} len {llen} family {localFamily}, getpeername {rn} len {rlen} family {remoteFamily}");

        var sfLocal = addrs.Slice(MptcpSubflowAddrs.LocalOffset, Storage);
        var sfRemote = addrs.Slice(MptcpSubflowAddrs.RemoteOffset, Storage);
        s.Expect("local", sfLocal.SequenceEqual(local), Describe(local, llen), Describe(sfLocal, llen));
        s.Expect("remote", sfRemote.SequenceEqual(remote), Describe(remote, rlen), Describe(sfRemote, rlen));

        FamilyOnly(ctx, s, local, remote, localFamily);
        BogusSubflowDataRound.Run(ctx, s, MPTCP_SUBFLOW_ADDRS);
    }

    /// <summary>size_user = sizeof(sa_family_t): only the family is copied, nothing of the addresses.</summary>
    private static void FamilyOnly(ProbeContext ctx, CheckScope s, ReadOnlySpan<byte> local, ReadOnlySpan<byte> remote, ushort localFamily)
    {
        var f = s.Sub("family_only");
        Span<byte> buf = stackalloc byte[BufferLength];
        SubflowHeader.Write(buf, SaFamilySize);
        var want = MptcpSubflowData.Size + SaFamilySize;
        var olen = want;
        var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, buf, ref olen);
        f.Expect("length", result.Ok && olen == want, $"0, optlen {want}", $"{result}, optlen {olen}");
        var addrs = buf.Slice(MptcpSubflowData.Size, MptcpSubflowAddrs.Size);
        var family = MemoryMarshal.Read<ushort>(addrs);
        f.Expect("family", family == ctx.Family.Af && family == localFamily, $"{ctx.Family.Af} ({ctx.Family.Name})", family.ToString());
        var untouched = !addrs.Slice(MptcpSubflowAddrs.LocalOffset, Storage).SequenceEqual(local) &&
                        !addrs.Slice(MptcpSubflowAddrs.RemoteOffset, Storage).SequenceEqual(remote);
        f.Expect("truncated", untouched, "addresses beyond the family not copied",
            untouched ? "not copied" : "full addresses copied into a 2-byte element");
    }

    /// <summary>"family 2 port 40123 addr 7f000001" for messages.</summary>
    private static string Describe(ReadOnlySpan<byte> sa, int length)
    {
        var family = MemoryMarshal.Read<ushort>(sa);
        var port = (sa[2] << 8) | sa[3];
        var addr = family == AF_INET6 ? Convert.ToHexStringLower(sa.Slice(8, 16)) : Convert.ToHexStringLower(sa.Slice(4, 4));
        var rest = sa[Math.Clamp(length, 0, sa.Length)..].ContainsAnyExcept((byte)0) ? " (+ non-zero bytes past the address)" : "";
        return $"family {family} port {port} addr {addr}{rest}";
    }
}
