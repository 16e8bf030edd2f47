using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// One injected fault in a support suite and the outcome it must give <see cref="Target"/>: fail, or unsupported, with
/// <see cref="Expectation"/> when one is due. The judge takes the kernel for <see cref="KernelVersion"/> (99.0: every
/// feature is due, so a missing one is a regression; 5.0: none is). <see cref="AlsoFails"/> fail as well; every other
/// check of the run passes.
/// </summary>
internal sealed record SuiteFault(string Name, string Suite, string Target, CheckOutcome Outcome, Action<FaultInjectingSocketApi> Install)
{
    public Expectation? Expectation { get; init; }

    public string KernelVersion { get; init; } = "99.0";

    public AddressFamily Family { get; init; } = AddressFamily.IPv4;

    /// <summary>What the judge takes the agent's capabilities for (a run without CAP_NET_ADMIN/CAP_NET_RAW: None).</summary>
    public Capabilities Capabilities { get; init; } = Capabilities.All;

    public IReadOnlyList<string> AlsoFails { get; init; } = [];

    /// <summary>Checks of the target's group whose outcome follows from the fault (a refused TCP_INQ leaves no cmsg to judge).</summary>
    public IReadOnlyList<string> AlsoUnsupported { get; init; } = [];

    public override string ToString() => Name;
}
