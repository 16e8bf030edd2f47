using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Native;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Agent.Sockopts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Sockets;

/// <summary>
/// The subflow checks look sockets up by their ports (sock_diag's dump_one) instead of dumping the whole established
/// table; these run both against the running kernel, in a namespace of their own, on a real MPTCP loopback connection.
/// </summary>
public sealed class InetDiagReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Families => [AddressFamily.IPv4.Name, AddressFamily.IPv6.Name];

    [Theory]
    [MemberData(nameof(Families))]
    public void A_lookup_by_ports_finds_the_subflow_the_dump_shows_with_the_same_attributes(string familyName)
    {
        var family = AddressFamily.Parse(familyName)!;
        InNewNamespace(family, (set, deadline) =>
        {
            var ports = set.Ports(Stage.Connected);
            var found = new List<TcpDiag>();
            var lookup = InetDiagReader.Lookup(family.Af, ports, found, deadline);
            var all = new List<TcpDiag>();
            var dump = InetDiagReader.Dump(family.Af, all, deadline);

            Assert.True(lookup.Ok, $"lookup: {lookup}");
            Assert.True(dump.Ok, $"dump: {dump}");
            var one = Assert.Single(found);
            Assert.Equal(all.Single(d => d.LocalPort == ports.Local && d.RemotePort == ports.Remote), one);
            Assert.NotNull(one.Congestion);
            Assert.NotNull(one.SndBuf);
        });
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void A_lookup_finds_the_accepted_side_by_its_own_ports_and_nothing_for_a_connection_that_does_not_exist(string familyName)
    {
        var family = AddressFamily.Parse(familyName)!;
        InNewNamespace(family, (set, deadline) =>
        {
            var accepted = new List<TcpDiag>();
            Assert.True(InetDiagReader.Lookup(family.Af, set.Ports(Stage.Accepted), accepted, deadline).Ok);
            Assert.Equal(set.Ports(Stage.Accepted), (Assert.Single(accepted).LocalPort, accepted[0].RemotePort));

            // The listener's port with a remote port no connection has: the kernel's lookup falls back to the listener,
            // which is not the connection asked for.
            var none = new List<TcpDiag>();
            var r = InetDiagReader.Lookup(family.Af, (set.ListenPort, set.ClientPort ^ 1), none, deadline);
            Assert.Empty(none);
            Assert.True(r.Ok || r.Errno == Interop.Errno.ENOENT, $"lookup of no connection: {r}");
        });
    }

    private static void InNewNamespace(AddressFamily family, Action<SocketSet, Deadline> body)
    {
        Requires.HostMptcp();
        Requires.Root();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                NetworkNamespace.EnterNew();
                var deadline = Deadline.After(Timeout);
                using var set = SocketSet.Open(family, SocketConstants.IPPROTO_MPTCP, deadline);
                body(set, deadline);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(Timeout * 2), "the lookup did not finish");
        if (failure is not null) throw new InvalidOperationException("the lookup failed", failure);
    }
}
