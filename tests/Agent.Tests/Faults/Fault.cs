using System.Buffers.Binary;
using MptcpMatrix.Agent.Sockets;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Building blocks for fault rules: which calls (matchers) and what goes wrong (faults).</summary>
internal static class Fault
{
    /// <summary>getsockopt(level, optname) on <paramref name="side"/> with optlen <paramref name="optlenIn"/> going in.</summary>
    public static Func<SocketCall, bool> Sockopt(Side side, int level, int optname, int optlenIn, Phase? phase = null,
        int? occurrence = null, Func<SocketCall, bool>? and = null) =>
        c => c.Side == side && c.Level == level && c.OptName == optname && c.LengthIn == optlenIn &&
             (phase is null || c.Phase == phase) && (occurrence is null || c.Occurrence == occurrence) && (and is null || and(c));

    /// <summary>A SOL_MPTCP getsockopt on <paramref name="side"/> whose mptcp_subflow_data header going in matches.</summary>
    public static Func<SocketCall, bool> SubflowHeader(Side side, int optname, Func<SocketCall, bool> header) =>
        c => c.Side == side && c.Level == SOL_MPTCP && c.OptName == optname && header(c);

    public static Func<SocketCall, bool> Io(Side side, int? occurrence = null) =>
        c => c.Side == side && (occurrence is null || c.Occurrence == occurrence);

    /// <summary>Makes the real call, then, when it succeeded, falsifies its result with <paramref name="edit"/>.</summary>
    public static LengthFault After(SockoptEdit edit) => (SocketCall _, Span<byte> value, ref int length, LengthCall real) =>
    {
        var r = real(value, ref length);
        if (r.Ok) edit(value, ref length);
        return r;
    };

    /// <summary>Makes the real call, whatever it returns, then changes the length it left.</summary>
    public static LengthFault LengthAfterAnyResult(int length) => (SocketCall _, Span<byte> value, ref int len, LengthCall real) =>
    {
        var r = real(value, ref len);
        len = length;
        return r;
    };

    /// <summary>Fails the call with <paramref name="errno"/> without making it.</summary>
    public static LengthFault Refuse(int errno) => (SocketCall _, Span<byte> _, ref int _, LengthCall _) => SysResult.Failure(errno);

    /// <summary>Returns 0 without making the call: the "kernel" accepts what it must refuse, optlen untouched.</summary>
    public static LengthFault Accept() => (SocketCall _, Span<byte> _, ref int _, LengthCall _) => SysResult.Success();

    public static BufferFault RefuseIo(int errno) => (_, _, _) => SysResult.Failure(errno);

    public static void AddU64(Span<byte> b, int offset, long delta) =>
        BinaryPrimitives.WriteUInt64LittleEndian(b[offset..], unchecked(BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]) + (ulong)delta));

    public static void SetU64(Span<byte> b, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(b[offset..], value);

    public static void AddU32(Span<byte> b, int offset, int delta) =>
        BinaryPrimitives.WriteUInt32LittleEndian(b[offset..], unchecked(BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]) + (uint)delta));

    public static void SetU32(Span<byte> b, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(b[offset..], value);

    public static void SetU16(Span<byte> b, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(b[offset..], value);

    /// <summary>The address a u64 user pointer field of <paramref name="b"/> (mptcp_full_info) points at.</summary>
    public static unsafe Span<byte> Pointee(Span<byte> b, int pointerOffset, int length) =>
        new((void*)BinaryPrimitives.ReadUInt64LittleEndian(b[pointerOffset..]), length);
}
