using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// One injected fault and what it must do to the report: <see cref="Target"/> fails and its observed value passes
/// <see cref="Observed"/>; the checks named in <see cref="AlsoFails"/> fail too (they judge the same falsified
/// data); checks under a <see cref="Tolerated"/> prefix may end any way (the fault cut the conversation short);
/// every other check passes.
/// </summary>
internal sealed record FaultCase(string Name, string Target, Action<CheckResult> Observed, Action<FaultInjectingSocketApi> Install)
{
    public AddressFamily Family { get; init; } = AddressFamily.IPv4;

    public IReadOnlyList<string> AlsoFails { get; init; } = [];

    public IReadOnlyList<string> Tolerated { get; init; } = [];

    public override string ToString() => Name;
}
