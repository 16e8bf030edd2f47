using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Agent.Sockopts;
using MptcpMatrix.Agent.Tests.Differential;
using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>
/// The published agent as a container cell runs it: uid 65534 without any capability (setpriv drops the effective,
/// inheritable, ambient and bounding sets), in a fresh network namespace made for it. The probes that need a
/// capability (SO_MARK, SO_PRIORITY above 6, IP_/IPV6_TRANSPARENT, and their subflow checks) say "needs CAP_X"
/// (<see cref="Expectation.NeedsCapability"/>), every other check keeps the verdict it has as root, and the run passes.
/// </summary>
public sealed class PrivilegeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly string[] NoCapabilities =
        ["--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--reuid", "65534", "--regid", "65534", "--clear-groups"];

    [Fact]
    public async Task Without_capabilities_the_privileged_probes_say_needs_CAP_X_and_every_other_check_keeps_its_verdict()
    {
        Requires.HostMptcp();
        Requires.Executable("setpriv", "apt-get install util-linux");
        await using var ns = await NetnsScope.CreateAsync();

        var run = await ns.RunAsync("setpriv", [.. NoCapabilities, PublishedAgent.Binary, "--quiet"], Timeout);

        Assert.True(run.ExitCode == 0, Proc.Describe(run));
        var report = PublishedAgent.Report(run);
        Assert.Equal(CheckOutcome.Pass, report.Verdict);
        foreach (var family in report.Families)
        {
            var needs = family.Checks.Where(c => c.Expectation == Expectation.NeedsCapability).ToList();
            Assert.Equal(Privileged(family.Family), needs.Select(c => c.Id).Order(StringComparer.Ordinal));
            Assert.All(needs, c =>
            {
                Assert.Equal(CheckOutcome.Unsupported, c.Outcome);
                Assert.Contains("needs CAP_NET_ADMIN or CAP_NET_RAW", c.Reason, StringComparison.Ordinal);
            });
            var others = family.Checks.Where(c => c.Expectation != Expectation.NeedsCapability && c.Outcome != CheckOutcome.Pass).ToList();
            Assert.True(others.Count == 0, $"{family.Family}: checks without a privileged probe did not pass: " +
                string.Join(", ", others.Select(c => $"{c.Id} {c.Outcome} {c.Observed}")));
            Assert.Contains(family.Checks, c => c.Id == "sockopts.so_priority.connected.subflow" && c.Outcome == CheckOutcome.Pass);
        }
    }

    [Fact]
    public async Task As_root_the_same_probes_give_verdicts()
    {
        Requires.HostMptcp();
        await using var ns = await NetnsScope.CreateAsync();

        var run = await ns.RunAsync(PublishedAgent.Binary, ["--quiet", "--suite", "sockopts"], Timeout);

        var report = PublishedAgent.Report(run);
        foreach (var family in report.Families)
        {
            var ids = family.Checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            Assert.All(Privileged(family.Family), id => Assert.Contains(id, ids));
            Assert.DoesNotContain(family.Checks, c => c.Expectation == Expectation.NeedsCapability);
            Assert.All(family.Checks.Where(c => c.Id.Contains(".so_mark.", StringComparison.Ordinal)), c => Assert.Equal(CheckOutcome.Pass, c.Outcome));
        }
    }

    /// <summary>The check ids of the probes that declare a capability, for <paramref name="family"/>: each stage, the
    /// subflow checks of the connected and accepted stages, and the one of a set before connect.</summary>
    private static List<string> Privileged(string family)
    {
        var ids = new List<string>();
        foreach (var p in SockoptCatalog.All.Where(p => p.Needs is not null && (family == "ipv6" || !p.Ipv6Only)))
        {
            foreach (var stage in new[] { Stage.Fresh, Stage.Listener, Stage.Connected, Stage.Accepted }.Where(s => (p.Stages & s) != 0))
            {
                var id = $"sockopts.{p.Id}.{SockoptSuite.StageName(stage)}";
                ids.Add(id);
                if (p.Subflow != SubflowEffect.None && stage is Stage.Connected or Stage.Accepted) ids.Add(id + ".subflow");
            }

            if (PreconnectCheck.Probes(AddressFamily.Parse(family)!).Contains(p))
                ids.Add($"sockopts.{p.Id}.{PreconnectCheck.StageName}.subflow");
        }

        return ids.Order(StringComparer.Ordinal).ToList();
    }
}
