using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// Wraps the real socket API (real MPTCP sockets on loopback) and applies the first matching rule to each call:
/// the fault can refuse a call, skip it, or make it and then falsify its result, length or data. Rules see which side
/// and phase made the call (<see cref="SocketCall"/>). <see cref="Hits"/> counts the calls a rule changed, so a test
/// can tell a fault that never fired from a check that did not notice it.
/// </summary>
internal sealed class FaultInjectingSocketApi(ISocketApi inner) : ISocketApi
{
    private const int InputCopy = 64;
    private readonly List<(CallKind Kind, Func<SocketCall, bool> When, LengthFault? Length, BufferFault? Buffer)> _rules = [];
    private readonly Dictionary<(CallKind, Side, int, int, int), int> _occurrences = [];
    private readonly HashSet<Side> _written = [];
    private readonly List<(Func<SocketCall, bool> When, IoctlFault Fault)> _ioctls = [];
    private readonly List<(Func<SocketCall, bool> When, RecvMsgFault Fault)> _recvmsgs = [];
    private readonly Lock _lock = new();
    private int _hits;
    private Func<string?, Side, string?>? _netstat;
    private (Func<SocketCall, bool> When, DiagFault Fault)? _diag;

    public ISocketApi Inner => inner;

    public int Hits => Volatile.Read(ref _hits);

    public FaultInjectingSocketApi On(CallKind kind, Func<SocketCall, bool> when, LengthFault fault)
    {
        if (kind is not (CallKind.GetSockOpt or CallKind.GetSockName or CallKind.GetPeerName))
            throw new ArgumentException($"{kind} has no length in-out parameter", nameof(kind));
        _rules.Add((kind, when, fault, null));
        return this;
    }

    public FaultInjectingSocketApi On(CallKind kind, Func<SocketCall, bool> when, BufferFault fault)
    {
        if (kind is not (CallKind.Read or CallKind.Write or CallKind.SetSockOpt))
            throw new ArgumentException($"{kind} takes a plain buffer", nameof(kind));
        _rules.Add((kind, when, null, fault));
        return this;
    }

    public SysResult GetSockOpt(int fd, int level, int optname, Span<byte> value, ref int optlen)
    {
        var call = Describe(CallKind.GetSockOpt, fd, level, optname, optlen, value);
        if (Find(call) is { } fault)
        {
            Interlocked.Increment(ref _hits);
            return fault(call, value, ref optlen, (Span<byte> v, ref int l) => inner.GetSockOpt(fd, level, optname, v, ref l));
        }

        return inner.GetSockOpt(fd, level, optname, value, ref optlen);
    }

    public SysResult SetSockOpt(int fd, int level, int optname, ReadOnlySpan<byte> value)
    {
        var call = Describe(CallKind.SetSockOpt, fd, level, optname, value.Length, value);
        if (FindBuffer(call) is { } fault)
        {
            Interlocked.Increment(ref _hits);
            return fault(call, Writable(value), b => inner.SetSockOpt(fd, level, optname, b));
        }

        return inner.SetSockOpt(fd, level, optname, value);
    }

    public SysResult Read(int fd, Span<byte> buffer, Deadline deadline)
    {
        var call = Describe(CallKind.Read, fd, 0, 0, buffer.Length, []);
        if (FindBuffer(call) is { } fault)
        {
            Interlocked.Increment(ref _hits);
            return fault(call, buffer, b => inner.Read(fd, b, deadline));
        }

        return inner.Read(fd, buffer, deadline);
    }

    public SysResult Write(int fd, ReadOnlySpan<byte> data)
    {
        var call = Describe(CallKind.Write, fd, 0, 0, data.Length, data);
        lock (_lock) _written.Add(call.Side);
        if (FindBuffer(call) is { } fault)
        {
            Interlocked.Increment(ref _hits);
            return fault(call, Writable(data), b => inner.Write(fd, b));
        }

        return inner.Write(fd, data);
    }

    public SysResult GetSockName(int fd, Span<byte> address, ref int length)
    {
        var call = Describe(CallKind.GetSockName, fd, 0, 0, length, address);
        if (Find(call) is { } fault)
        {
            Interlocked.Increment(ref _hits);
            return fault(call, address, ref length, (Span<byte> a, ref int l) => inner.GetSockName(fd, a, ref l));
        }

        return inner.GetSockName(fd, address, ref length);
    }

    public SysResult GetPeerName(int fd, Span<byte> address, ref int length)
    {
        var call = Describe(CallKind.GetPeerName, fd, 0, 0, length, address);
        if (Find(call) is { } fault)
        {
            Interlocked.Increment(ref _hits);
            return fault(call, address, ref length, (Span<byte> a, ref int l) => inner.GetPeerName(fd, a, ref l));
        }

        return inner.GetPeerName(fd, address, ref length);
    }

    /// <summary>Rules for ioctl(2) with an int result: each gets the call (its request in <see cref="SocketCall.OptName"/>)
    /// and the real ioctl, and returns the result and value to report.</summary>
    public FaultInjectingSocketApi OnIoctl(Func<SocketCall, bool> when, IoctlFault fault)
    {
        _ioctls.Add((when, fault));
        return this;
    }

    /// <summary>Rules for recvmsg(2): each may make the real call and then change the data, result or control messages.</summary>
    public FaultInjectingSocketApi OnRecvMsg(Func<SocketCall, bool> when, RecvMsgFault fault)
    {
        _recvmsgs.Add((when, fault));
        return this;
    }

    public SysResult IoctlInt(int fd, nuint request, out int value)
    {
        var call = Describe(CallKind.Ioctl, fd, 0, (int)request, 4, []);
        foreach (var (when, fault) in _ioctls)
        {
            if (!when(call)) continue;
            Interlocked.Increment(ref _hits);
            return fault(call, (out int v) => inner.IoctlInt(fd, request, out v), out value);
        }

        return inner.IoctlInt(fd, request, out value);
    }

    public SysResult RecvMsg(int fd, Span<byte> buffer, Span<byte> control, out int controlLength, Deadline deadline)
    {
        var call = Describe(CallKind.RecvMsg, fd, 0, 0, buffer.Length, []);
        foreach (var (when, fault) in _recvmsgs)
        {
            if (!when(call)) continue;
            Interlocked.Increment(ref _hits);
            var r = inner.RecvMsg(fd, buffer, control, out controlLength, deadline);
            return fault(call, r, buffer, control, ref controlLength);
        }

        return inner.RecvMsg(fd, buffer, control, out controlLength, deadline);
    }

    /// <summary>A rule for inet_diag (dumps and lookups alike): it gets the real call's result and sockets and returns
    /// what to report.</summary>
    public FaultInjectingSocketApi OnDiag(Func<SocketCall, bool> when, DiagFault fault)
    {
        _diag = (when, fault);
        return this;
    }

    public SysResult InetDiagTcp(int af, (int Local, int Remote)? only, List<TcpDiag> into, Deadline deadline)
    {
        var call = Describe(CallKind.InetDiag, -1, 0, 0, 0, []);
        if (_diag is not { } rule || !rule.When(call)) return inner.InetDiagTcp(af, only, into, deadline);
        Interlocked.Increment(ref _hits);
        var real = inner.InetDiagTcp(af, only, into, deadline);
        return rule.Fault(call, real, into);
    }

    /// <summary>Rewrites what the namespace's netstat file says to the side that reads it (the MPTcpExt counters).</summary>
    public FaultInjectingSocketApi OnNetstat(Func<string?, Side, string?> fault)
    {
        _netstat = fault;
        return this;
    }

    public string? ReadNetstat()
    {
        var text = inner.ReadNetstat();
        if (_netstat is null) return text;
        var side = CurrentSide();
        var changed = _netstat(text, side);
        if (!ReferenceEquals(changed, text)) Interlocked.Increment(ref _hits);
        return changed;
    }

    private static Span<byte> Writable(ReadOnlySpan<byte> data) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(data), data.Length);

    private static Side CurrentSide() => Thread.CurrentThread.Name switch
    {
        "connecting side" => Side.Connecting,
        "accepting side" => Side.Accepting,
        _ => Side.Setup,
    };

    private SocketCall Describe(CallKind kind, int fd, int level, int optname, int lengthIn, ReadOnlySpan<byte> input)
    {
        var side = CurrentSide();
        lock (_lock)
        {
            var key = (kind, side, level, optname, lengthIn);
            var n = _occurrences.GetValueOrDefault(key) + 1;
            _occurrences[key] = n;
            var phase = _written.Contains(side) ? Phase.Final : Phase.Initial;
            return new SocketCall(kind, fd, side, phase, level, optname, lengthIn, input[..Math.Min(input.Length, InputCopy)].ToArray(), n)
            {
                Label = SocketLabel.Current,
            };
        }
    }

    private LengthFault? Find(SocketCall call)
    {
        foreach (var rule in _rules)
        {
            if (rule.Kind == call.Kind && rule.Length is not null && rule.When(call)) return rule.Length;
        }

        return null;
    }

    private BufferFault? FindBuffer(SocketCall call)
    {
        foreach (var rule in _rules)
        {
            if (rule.Kind == call.Kind && rule.Buffer is not null && rule.When(call)) return rule.Buffer;
        }

        return null;
    }
}
