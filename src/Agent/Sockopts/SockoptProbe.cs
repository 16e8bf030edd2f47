using MptcpMatrix.Agent.Expectations;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>
/// One socket option as the sockopts suite probes it, at each of <see cref="Stages"/>, on an MPTCP and a TCP socket.
/// </summary>
/// <param name="Id">The check id's option part (e.g. <c>so_keepalive</c>, <c>mptcp_info.optlen0</c>).</param>
/// <param name="CName">The uapi name of <see cref="OptName"/> (the layout test checks the number against the headers).</param>
/// <param name="Feature">What made setsockopt (or, for a get-only probe, getsockopt) work on an MPTCP socket.</param>
internal sealed record SockoptProbe(string Id, string CName, int Level, int OptName, Stage Stages, Feature Feature)
{
    /// <summary>What setsockopt passes; null for a get-only probe.</summary>
    public byte[]? Value { get; init; }

    /// <summary>The optlen getsockopt passes.</summary>
    public int GetLength { get; init; } = 4;

    /// <summary>What the getsockopt buffer holds going in (the SOL_MPTCP headers); zeros when null.</summary>
    public byte[]? GetInput { get; init; }

    /// <summary>What made getsockopt read back what was set, when that came later than <see cref="Feature"/>.</summary>
    public Feature? GetFeature { get; init; }

    /// <summary>Why MPTCP refuses this option by design: the probe passes when MPTCP refuses it.</summary>
    public string? ExpectRejected { get; init; }

    /// <summary>Why MPTCP answers otherwise than TCP by design (SO_PROTOCOL, SOL_MPTCP): such a difference passes.</summary>
    public string? KnownDifference { get; init; }

    /// <summary>A SOL_MPTCP call with optlen 0 or a short optlen: any defined answer (success or EINVAL) passes.</summary>
    public bool LengthProbe { get; init; }

    public bool Ipv6Only { get; init; }

    /// <summary>Whether the read-back bytes are compared with TCP's (not for TCP_INFO, whose counters differ).</summary>
    public bool CompareValue { get; init; } = true;

    public ValueFormat Format { get; init; }

    /// <summary>What of the option reaches the subflows where inet_diag shows it: checked at the connected and
    /// accepted stages as <c>sockopts.OPTION.STAGE.subflow</c> (see <see cref="SubflowCheck"/>).</summary>
    public SubflowEffect Subflow { get; init; }

    /// <summary>The capabilities of which setting the option needs one (in the network namespace's user namespace);
    /// null when none is needed. Without any of them, an EPERM (as on TCP) is "needs CAP_X", not a verdict.</summary>
    public IReadOnlyList<Host.Capability>? Needs { get; init; }

    /// <summary>Where the kernel asks for <see cref="Needs"/> (function, commit), for the reason text.</summary>
    public string? NeedsWhy { get; init; }

    public bool GetOnly => Value is null;
}
