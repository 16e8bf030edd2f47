using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Faults;

public sealed class FaultCoverageTests
{
    [Fact]
    public void Every_check_a_real_run_reports_is_failed_by_some_fault_in_the_table()
    {
        var ids = RealIds();
        var covered = FaultTable.All.Select(f => CheckIds.Normalise(f.Target)).ToHashSet();

        var missing = ids.Select(CheckIds.Normalise).Distinct().Where(id => !covered.Contains(id)).Order().ToList();

        Assert.True(missing.Count == 0,
            $"checks without a fault that makes them fail (add one to FaultTable): {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_fault_in_the_table_targets_a_check_a_real_run_reports()
    {
        var ids = RealIds();

        var stale = FaultTable.All.Where(f => !ids.Contains(f.Target)).Select(f => $"{f.Name} -> {f.Target}").ToList();

        Assert.True(stale.Count == 0, $"faults whose target check no longer exists: {string.Join("; ", stale)}");
    }

    [Fact]
    public void Every_check_a_real_run_reports_is_documented_in_docs_agent_md()
    {
        var doc = File.ReadAllText(Path.Combine(MptcpMatrix.TestSupport.RepoPaths.Root, "docs", "agent.md"));

        var missing = RealIds().Select(CheckIds.Normalise).Distinct()
            .Where(id => !doc.Contains($"`{id}`", StringComparison.Ordinal) && !doc.Contains($"`{id[..(id.LastIndexOf('.') + 1)]}*`", StringComparison.Ordinal))
            .Order().ToList();

        Assert.True(missing.Count == 0, $"checks missing from the table in docs/agent.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_check_the_support_suites_report_is_the_target_of_some_fault()
    {
        var covered = SuiteFaultTable.All.Select(f => f.Target).ToHashSet(StringComparer.Ordinal);

        var missing = SuiteRun.RealIds().Where(id => !covered.Contains(id)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"suite checks without a fault (add one to SuiteFaultTable): {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_suite_fault_targets_a_check_a_real_run_reports()
    {
        var ids = SuiteRun.RealIds();

        var stale = SuiteFaultTable.All.Where(f => !ids.Contains(f.Target)).Select(f => $"{f.Name} -> {f.Target}").ToList();

        Assert.True(stale.Count == 0, $"suite faults whose target check no longer exists: {string.Join("; ", stale)}");
    }

    [Fact]
    public void Every_check_the_support_suites_report_is_documented_in_docs_agent_md()
    {
        var doc = File.ReadAllText(Path.Combine(MptcpMatrix.TestSupport.RepoPaths.Root, "docs", "agent.md"));

        var missing = SuiteRun.RealIds().Select(CheckIds.NormaliseSuite).Distinct()
            .Where(id => !doc.Contains($"`{id}`", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"suite checks missing from the tables in docs/agent.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Normalising_a_suite_check_drops_the_stage_or_the_pairing()
    {
        Assert.Equal("sockopts.tcp_keepidle", CheckIds.NormaliseSuite("sockopts.tcp_keepidle.connected"));
        Assert.Equal("sockopts.mptcp_info", CheckIds.NormaliseSuite("sockopts.mptcp_info.optlen0.accepted"));
        Assert.Equal("inq.cmsg_first", CheckIds.NormaliseSuite("inq.tcp_client.cmsg_first"));
        Assert.Equal("fallback.mptcp_info.call", CheckIds.NormaliseSuite("fallback.mptcp_listener.mptcp_info.call"));
    }

    [Fact]
    public void Suite_fault_names_are_unique()
    {
        var duplicates = SuiteFaultTable.All.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Fault_names_are_unique()
    {
        var duplicates = FaultTable.All.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Normalising_drops_the_side_and_the_phase_only()
    {
        Assert.Equal("tcpinfo.bogus.zero_size", CheckIds.Normalise("client.initial.tcpinfo.bogus.zero_size"));
        Assert.Equal("mptcp_info.counters.bytes_sent", CheckIds.Normalise("server.final.mptcp_info.counters.bytes_sent"));
        Assert.Equal("echo.read", CheckIds.Normalise("server.echo.read"));
        Assert.Equal("ip_tos.roundtrip", CheckIds.Normalise("client.ip_tos.roundtrip"));
        Assert.Equal("setup.connect", CheckIds.Normalise("setup.connect"));
    }

    /// <summary>Every check id of a real, passing run of both families.</summary>
    private static HashSet<string> RealIds()
    {
        var runs = new[] { AddressFamily.IPv4, AddressFamily.IPv6 }.Select(f => RealRun.Family(LinuxSocketApi.Instance, f)).ToList();
        foreach (var run in runs)
        {
            Assert.True(run.Verdict == CheckOutcome.Pass, $"{run.Family} does not pass on this kernel:\n{RealRun.Describe(run)}");
        }

        return runs.SelectMany(r => r.Checks).Select(c => c.Id).ToHashSet();
    }
}
