using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Reporting.Grid;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>The feature x kernel grid of report.html and summary.md, built from a real default-matrix run and from the all-kinds sample.</summary>
public sealed class CompatibilityGridTests
{
    private static readonly Lazy<ReportDocument> Real = new(() => ReportBuilder.Build([RealRun.Dir], null, Reports.T0));

    private static CompatibilityGrid Default => CompatibilityGrid.Of(Real.Value)[0];

    private static GridGroup Group(CompatibilityGrid grid, string name) => grid.Groups.Single(g => g.Name == name);

    private static int Column(CompatibilityGrid grid, string kernel) => grid.Columns.Select((c, i) => (c, i)).Single(p => p.c.Kernel == kernel).i;

    [Fact]
    public void The_default_variant_comes_first_and_each_variant_has_its_grid() =>
        Assert.Equal(["default", "mptcp-disabled"], CompatibilityGrid.Of(Real.Value).Select(g => g.Variant));

    [Fact]
    public void Kernels_are_columns_in_upstream_version_order_not_plan_order()
    {
        Assert.Equal(["bullseye", "bookworm", "bookworm-backports", "trixie", "host", "sid"], Default.Columns.Select(c => c.Kernel));
        Assert.Equal("5.10.262", Default.Columns[0].Upstream); // untestable: from its Debian package version
    }

    [Fact]
    public void Upstream_versions_compare_numerically_and_unknown_ones_sort_last()
    {
        Assert.True(UpstreamVersion.Compare("6.1.176", "6.12.95") < 0);
        Assert.True(UpstreamVersion.Compare("5.10.226", "6.1") < 0);
        Assert.True(UpstreamVersion.Compare("7.2.13", null) < 0);
        Assert.Equal(0, UpstreamVersion.Compare("6.12", "6.12.0"));
    }

    [Fact]
    public void A_kernel_is_split_by_family_only_where_its_families_differ()
    {
        Assert.All(Default.Columns, c => Assert.Null(c.Family)); // the real run: ipv4 and ipv6 agree everywhere
        var sample = CompatibilityGrid.Of(ReportDocument.Create(Reports.T0, [], Reports.Sample()))[0];
        Assert.Equal(["ipv4", "ipv6"], sample.Columns.Where(c => c.Kernel == "bookworm").Select(c => c.Family));
        Assert.Null(sample.Columns.Single(c => c.Kernel == "sid").Family);
    }

    [Fact]
    public void A_group_whose_checks_agree_on_every_kernel_folds_into_one_line()
    {
        Assert.True(Group(Default, "tcpinfo").Agrees);
        var mptcpInfo = Group(Default, "mptcp_info");
        Assert.False(mptcpInfo.Agrees); // the 6.5 counters are expected unsupported on bookworm, the rest passes
        Assert.True(mptcpInfo.Summary.Entries[Column(Default, "bookworm")].Mixed);
        Assert.Equal(GridMark.ExpectedUnsupported, mptcpInfo.Summary.Entries[Column(Default, "bookworm")].Mark);
    }

    [Fact]
    public void Each_socket_option_of_the_sockopts_suite_is_its_own_row()
    {
        Assert.Equal("sockopts.tcp_keepidle", CheckRows.Group("sockopts.tcp_keepidle.accepted"));
        Assert.Equal("full_info", CheckRows.Group("client.initial.full_info.bogus.short_optlen"));
        var keepidle = Group(Default, "sockopts.tcp_keepidle");
        Assert.Equal("6.10", keepidle.Summary.Since);
        Assert.Equal(GridMark.Pass, keepidle.Summary.Entries[Column(Default, "bookworm")].Mark); // 6.1.176 is past the verified 6.1.94 backport
        Assert.DoesNotContain(Default.Groups, g => g.Summary.Entries.Any(e => e.Mark == GridMark.EarlierThanUpstream)); // Debian's 6.1 and 6.12: every backport verified
        Assert.Equal(GridMark.ExpectedUnsupported, Group(Default, "sockopts.tcp_maxseg").Summary.Entries[Column(Default, "trixie")].Mark);
    }

    [Fact]
    public void Each_row_names_the_release_that_added_its_feature_and_the_first_kernel_where_it_works()
    {
        var fullInfo = Group(Default, "full_info").Summary;
        Assert.Equal("6.5", fullInfo.Since);
        Assert.Equal("bookworm-backports", fullInfo.WorksFrom?.Kernel);
        Assert.Equal("bookworm", Group(Default, "tcpinfo").Summary.WorksFrom?.Kernel);
    }

    [Fact]
    public void A_row_that_works_on_a_kernel_older_than_its_release_says_it_is_a_backport()
    {
        var freebind = Group(Default, "sockopts.ip_freebind").Summary; // getsockopt fixed in 6.15, backported to 6.1.135
        Assert.Equal(("6.15", "bookworm"), (freebind.Since, freebind.WorksFrom?.Kernel));
        Assert.True(freebind.WorksBeforeRelease);
        Assert.False(Group(Default, "full_info").Summary.WorksBeforeRelease); // 6.5: from 6.12 on, as released
        Assert.False(Group(Default, "tcpinfo").Summary.WorksBeforeRelease);
        Assert.Equal("6.1.135, 6.12.24", freebind.Backports); // as the agents of the real run named them (6.1 and both 6.12 kernels)
        Assert.Contains("| bookworm (backport: 6.1.135, 6.12.24) |", MarkdownReport.Render(Real.Value), StringComparison.Ordinal);
    }

    [Fact]
    public void A_backport_row_names_the_stable_update_the_agent_reported_in_the_page_and_the_summary()
    {
        CheckResult Freebind(string? backport) => new("sockopts.ip_freebind.fresh", CheckOutcome.Pass, "as on TCP", "supported", Feature: "ip_freebind_transparent_get",
            Since: "6.15", Commit: "e2f4ac7bab22", Backport: backport);
        CellResult On(string kernel, string upstream, string? backport) => Reports.Cell(Reports.Spec(kernel, "ipv4", "vm", "default"), CellStatus.Pass,
            Reports.Agent(CheckOutcome.Pass, [Freebind(backport)], upstream: upstream));
        var report = ReportDocument.Create(Reports.T0, [], [On("bookworm", "6.1.192", "6.1.135"), On("sid", "7.2.13", null)]);

        var row = Assert.Single(CompatibilityGrid.Of(report)[0].Groups).Summary;

        Assert.True(row.WorksBeforeRelease);
        Assert.Equal("6.1.135", row.Backports);
        Assert.Contains("older than its release: a backport (stable 6.1.135)", HtmlReport.Render(report), StringComparison.Ordinal);
        Assert.Contains("| bookworm (backport: 6.1.135) |", MarkdownReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void An_untestable_kernel_has_its_own_mark_and_one_kernel_column_holds_all_its_backends()
    {
        Assert.All(Default.Groups, g => Assert.Equal(GridMark.Untestable, g.Summary.Entries[Column(Default, "bullseye")].Mark));
        var host = Default.Columns[Column(Default, "host")];
        Assert.Equal(["container", "host"], host.Cells.Select(c => c.Cell.Backend).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(GridMark.Pass, Group(Default, "tcpinfo").Summary.Entries[Column(Default, "host")].Mark);
    }

    [Fact]
    public void A_skipped_cell_is_not_run_in_the_grid()
    {
        var spec = Reports.Spec("bookworm", "ipv4", "container", "default");
        var grid = CompatibilityGrid.Of(ReportDocument.Create(Reports.T0, [], [Reports.Cell(spec, CellStatus.Skipped, null)]))[0];
        Assert.Equal(GridMark.NotRun, Assert.Single(grid.Groups).Summary.Entries.Single().Mark);
    }

    [Fact]
    public void The_diff_of_adjacent_kernels_names_the_groups_that_changed()
    {
        var from = Column(Default, "bookworm");
        var changed = Default.Diff(from, from + 1).Select(d => d.Group.Name).ToList();
        Assert.Equal(11, changed.Count); // the TCP_KEEP* and getsockopt fixes are 6.1 backports: no difference
        Assert.Contains("full_info", changed);
        Assert.Contains("sockopts.tcp_fastopen", changed); // 6.2: bookworm's 6.1 predates it
        Assert.DoesNotContain("tcpinfo", changed);
        Assert.DoesNotContain("sockopts.tcp_maxseg", changed); // 6.17: neither has it
        Assert.Empty(Default.Diff(Column(Default, "bookworm-backports"), Column(Default, "trixie")));
    }

    /// <summary>A kernel whose host cells ran as root (SO_MARK passes) and one whose host cells ran as a normal user (the agent
    /// lacked CAP_NET_ADMIN), with a container cell as a normal user on the first.</summary>
    private static CompatibilityGrid PrivilegeGrid(string ipv6Check = "pass")
    {
        CheckResult Pass(string id) => new(id, CheckOutcome.Pass, DurationMs: 1);
        IReadOnlyList<CheckResult> Checks(bool root) => [Pass("setup.connect"), root ? Pass("sockopts.so_mark.subflow") : Reports.NeedsCapability("sockopts.so_mark.subflow")];
        CellResult Host(string kernel, string family, bool root, string upstream) =>
            Reports.Cell(Reports.Spec(kernel, family, "host", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass, Checks(root), family, upstream: upstream));
        var container = Reports.Cell(Reports.Spec("a", "ipv4", "container", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass, Checks(false), upstream: "6.12.1"));
        return CompatibilityGrid.Of(ReportDocument.Create(Reports.T0, [],
            [Host("a", "ipv4", true, "6.12.1"), Host("a", "ipv6", ipv6Check == "pass", "6.12.1"), container, Host("b", "ipv4", false, "6.18.1"), Host("b", "ipv6", false, "6.18.1")]))[0];
    }

    [Fact]
    public void A_check_the_agent_lacked_a_capability_for_reads_needs_cap_and_never_hides_a_privileged_result()
    {
        var grid = PrivilegeGrid();
        var mark = Group(grid, "sockopts.so_mark").Checks.Single().Entries;
        Assert.Equal(GridMark.Pass, mark[Column(grid, "a")].Mark); // root passed it; the container's needs-CAP says nothing against that
        Assert.False(mark[Column(grid, "a")].Mixed);
        Assert.Equal(GridMark.NeedsCapability, mark[Column(grid, "b")].Mark);
        Assert.Equal("needs a capability the agent lacked", GridMarks.Label(GridMark.NeedsCapability));
        Assert.Equal(CheckKind.NeedsCapability, CheckKinds.Of(Reports.NeedsCapability("x")));
        Assert.Equal(0, CheckCounts.Of([Reports.NeedsCapability("x")]).Unexpected);
    }

    [Fact]
    public void A_subflow_check_a_boot_could_not_observe_reads_unseen_and_never_hides_a_boot_that_could()
    {
        CheckResult Pass(string id) => new(id, CheckOutcome.Pass, DurationMs: 1);
        const string id = "sockopts.tcp_congestion.connected.subflow";
        CellResult Cell(string kernel, string backend, CheckResult subflow) =>
            Reports.Cell(Reports.Spec(kernel, "ipv4", backend, "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass, [Pass("setup.connect"), subflow], upstream: "6.1.1"));
        var grid = CompatibilityGrid.Of(ReportDocument.Create(Reports.T0, [],
            [Cell("a", "vm", Pass(id)), Cell("a", "virtme", Reports.NotObservable(id)), Cell("b", "virtme", Reports.NotObservable(id))]))[0];

        var entries = Group(grid, "sockopts.tcp_congestion").Checks.Single().Entries;
        Assert.Equal(GridMark.Pass, entries[Column(grid, "a")].Mark); // the vm boot (tcp_diag loaded) saw it; the virtme boot's "unseen" says nothing against that
        Assert.False(entries[Column(grid, "a")].Mixed);
        Assert.Equal(GridMark.NotObservable, entries[Column(grid, "b")].Mark);
        Assert.Empty(grid.Diff(Column(grid, "a"), Column(grid, "b")));
        Assert.Equal("not observable here", GridMarks.Label(GridMark.NotObservable));
        Assert.Equal(CheckKind.NotObservable, CheckKinds.Of(Reports.NotObservable(id)));
        Assert.Equal(0, CheckCounts.Of([Reports.NotObservable(id)]).Unexpected);
    }

    [Fact]
    public void An_entry_takes_its_most_urgent_verdict_and_is_mixed_only_when_two_verdicts_differ()
    {
        var cell = Reports.Cell(Reports.Spec("a", "ipv4", "host", "default"), CellStatus.Pass, null);
        GridCheck Check(CheckResult c) => new(cell, "ipv4", c);
        var unseen = Check(Reports.NotObservable("x"));
        var needs = Check(Reports.NeedsCapability("x"));
        var pass = Check(new("x", CheckOutcome.Pass, DurationMs: 1));
        var fail = Check(new("x", CheckOutcome.Fail, "1", "0", DurationMs: 1));

        Assert.Equal((GridMark.NeedsCapability, false), Of(unseen, needs)); // no verdict at all: the more urgent of the two, not mixed
        Assert.Equal((GridMark.NotObservable, false), Of(unseen, unseen));
        Assert.Equal((GridMark.Pass, false), Of(needs, unseen, pass, pass)); // the no-verdict marks neither win nor mix
        Assert.Equal((GridMark.Fail, true), Of(unseen, pass, fail));
        Assert.Equal((GridMark.Fail, true), Of(fail, needs, pass));

        static (GridMark, bool) Of(params GridCheck[] checks) => GridEntry.Of(checks, []) is var e ? (e.Mark, e.Mixed) : default;
    }

    [Fact]
    public void Results_that_differ_only_by_privilege_split_no_column_and_are_no_difference()
    {
        var grid = PrivilegeGrid(ipv6Check: "needs"); // kernel a: ipv4 root, ipv6 a normal user
        Assert.All(grid.Columns, c => Assert.Null(c.Family));
        Assert.Empty(grid.Diff(Column(grid, "a"), Column(grid, "b")));
    }

    [Fact]
    public void Every_check_kind_has_its_own_mark_words_and_icon()
    {
        Assert.Equal(GridMarks.All.Count, GridMarks.All.Select(GridMarks.Icon).Distinct().Count());
        Assert.Equal(GridMarks.All.Count, GridMarks.All.Select(GridMarks.Label).Distinct().Count());
        Assert.Equal(GridMarks.All.Count, GridMarks.All.Select(GridMarks.Css).Distinct().Count());
        Assert.NotEqual(GridMarks.Of(CheckKind.Regression), GridMarks.Of(CheckKind.ExpectedUnsupported));
    }

    [Fact]
    public void A_check_with_different_outcomes_across_repeats_is_flaky()
    {
        var spec = Reports.Spec("bookworm", "ipv4", "vm", "default");
        var r1 = Reports.Cell(spec with { Id = spec.Id + "-r1", Repeat = 1 }, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));
        var r2 = Reports.WithCheck(Reports.Cell(spec with { Id = spec.Id + "-r2", Repeat = 2 }, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass)),
            "client.initial.tcpinfo.size_user", c => c with { Outcome = CheckOutcome.Fail });
        var flaky = Assert.Single(FlakyCheck.Of([r1, r2]));
        Assert.Equal("client.initial.tcpinfo.size_user", flaky.CheckId);
        Assert.Equal([CheckOutcome.Pass, CheckOutcome.Fail], flaky.Outcomes);
        Assert.Empty(FlakyCheck.Of([r1]));
    }
}
