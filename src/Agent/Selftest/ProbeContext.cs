using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>Everything a getsockopt round needs: the socket, the API to call, its side's state and the run's limits,
/// and the namespace's MPTcpExt counters from before the connection was made.</summary>
internal sealed record ProbeContext(ISocketApi Api, int Fd, AddressFamily Family, SideState State, Random Random, Deadline Deadline)
{
    public MptcpCounters? CountersBefore { get; init; }
}
