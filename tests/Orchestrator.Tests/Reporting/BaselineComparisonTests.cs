using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary><c>matrix report --baseline</c>: every change classified, counted, listed (bounded), and failing the run as <c>--fail-on</c> says.</summary>
public sealed class BaselineComparisonTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>The sample's baseline as a report.json written by <c>matrix report</c>, and the sample as this run.</summary>
    private (string Run, string Baseline) SampleRunAndBaseline()
    {
        var before = dir.WriteCells("before", Reports.SampleBaseline());
        ReportWriter.WriteAll(ReportBuilder.Build([before], null, Reports.T0), before);
        return (dir.WriteCells("after", Reports.Sample()), Path.Combine(before, "report.json"));
    }

    private static (int Exit, string Stdout, string Stderr) Report(ReportOptions options)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = ReportCommand.Run(options, stdout, stderr, Reports.T0);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Every_change_against_a_baseline_report_is_classified_and_counted()
    {
        var (run, baseline) = SampleRunAndBaseline();

        var b = ReportBuilder.Build([run], baseline, Reports.T0).Baseline!;

        Assert.Equal(new ChangeCounts(Regression: 3, Fixed: 1, SupportGained: 1, SupportLost: 1, NewlyTested: 2, NoLongerTested: 3, StillFailing: 2), b.Counts);
        string Of(string cell, string check) => ChangeClasses.Name(b.Changes.Single(c => c.CellId == cell && c.CheckId == check).Class);
        Assert.Equal("regression", Of("vm-sid-ipv4-default", "client.initial.full_info.call"));            // pass -> fail
        Assert.Equal("regression", Of("vm-bookworm-ipv4-default", "server.initial.subflow_addrs.call"));   // pass -> unexplained unsupported
        Assert.Equal("support_lost", Of("vm-bookworm-ipv4-default", "client.initial.full_info.header"));   // pass -> expected unsupported
        Assert.Equal("support_gained", Of("vm-bookworm-ipv4-default", "client.initial.mptcp_info.counters.bytes_sent"));
        Assert.Equal("fixed", Of("vm-bookworm-ipv4-default", "client.initial.tcpinfo.size_user"));
        Assert.Equal("newly_tested", Of("vm-custom-ipv4-default", "setup.connect"));
        Assert.Equal("no_longer_tested", Of("vm-bullseye-ipv4-default", "setup.connect"));
        Assert.Equal("still_failing", Of("vm-bookworm-ipv6-default", "server.ip_tos.roundtrip"));
        Assert.DoesNotContain(b.Changes, c => c.CellId == "vm-bookworm-ipv4-mptcp-disabled"); // unchanged checks are not changes
        Assert.True(b.Fails);
        Assert.Equal([ChangeClass.Regression], b.FailOn);
    }

    [Fact]
    public void A_regression_fails_the_run_and_the_console_prints_the_counts_and_the_changes()
    {
        var (run, baseline) = SampleRunAndBaseline();

        var (exit, stdout, _) = Report(new ReportOptions([run], baseline, dir.Sub("out")));

        Assert.Equal(ExitCodes.ChecksFailed, exit);
        Assert.Contains($"baseline {baseline}: 3 regression, 1 fixed, 1 support_gained, 1 support_lost, 2 newly_tested, 3 no_longer_tested, 2 still_failing", stdout);
        Assert.Contains("  regression (3):\n    vm-bookworm-ipv4-default ipv4.server.initial.subflow_addrs.call: pass -> unsupported\n", stdout.ReplaceLineEndings("\n"));
        Assert.Contains("    vm-bullseye-ipv4-default ipv4.setup.connect: pass -> absent", stdout);
        Assert.Contains("baseline: fails the run: 3 regression (--fail-on regression)", stdout);
    }

    [Fact]
    public void A_regression_without_a_failed_check_alone_decides_the_exit_code_and_fail_on_chooses_it()
    {
        // pass -> unexplained unsupported: no check fails, so only the comparison can fail the run.
        var spec = Reports.Spec("bookworm", "ipv4", "vm", "default");
        var before = dir.WriteCells("before", [Reports.Cell(spec, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass))]);
        ReportWriter.WriteAll(ReportBuilder.Build([before], null, Reports.T0), before);
        var now = Reports.WithCheck(Reports.Cell(spec, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass)), "client.initial.tcpinfo.size_user",
            c => new CheckResult(c.Id, CheckOutcome.Unsupported, Errno: "EOPNOTSUPP"));
        var run = dir.WriteCells("after", [now]);
        var baseline = Path.Combine(before, "report.json");

        Assert.Equal(ExitCodes.ChecksFailed, Report(new ReportOptions([run], baseline, dir.Sub("o1"))).Exit);
        Assert.Equal(ExitCodes.Ok, Report(new ReportOptions([run], baseline, dir.Sub("o2"), FailOn: "none")).Exit);
        Assert.Equal(ExitCodes.Ok, Report(new ReportOptions([run], baseline, dir.Sub("o3"), FailOn: "support_lost,fixed")).Exit);
        var (exit, stdout, _) = Report(new ReportOptions([run], baseline, dir.Sub("o4"), FailOn: "support_lost,regression"));
        Assert.Equal(ExitCodes.ChecksFailed, exit);
        Assert.Contains("baseline: fails the run: 1 regression (--fail-on regression,support_lost)", stdout);
        var json = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(dir.Path, "o2", "report.json")), OrchestratorJson.Default.ReportDocument)!;
        Assert.Equal((false, 0), (json.Baseline!.Fails, json.Summary.ExitCode)); // --fail-on none is recorded
    }

    [Fact]
    public void Support_lost_fails_the_run_only_when_asked()
    {
        var spec = Reports.Spec("bookworm", "ipv4", "vm", "default");
        var older = Reports.WithCheck(Reports.Cell(spec, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass)), "client.initial.full_info.call", c => new CheckResult(c.Id, CheckOutcome.Pass));
        var before = dir.WriteCells("before", [older]);
        ReportWriter.WriteAll(ReportBuilder.Build([before], null, Reports.T0), before);
        var run = dir.WriteCells("after", [Reports.Cell(spec, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass))]); // FULL_INFO now expected unsupported
        var baseline = Path.Combine(before, "report.json");

        Assert.Equal(ExitCodes.Ok, Report(new ReportOptions([run], baseline, dir.Sub("o1"))).Exit);
        Assert.Equal(ExitCodes.ChecksFailed, Report(new ReportOptions([run], baseline, dir.Sub("o2"), FailOn: "support_lost")).Exit);
    }

    [Fact]
    public void The_console_lists_at_most_ten_changes_per_class_and_counts_the_rest()
    {
        var before = dir.WriteCells("before", []);
        ReportWriter.WriteAll(ReportDocumentWith(Enumerable.Range(0, 15).Select(i => Reports.Cell(Reports.Spec($"k{i:00}", "ipv4", "vm", "default"), CellStatus.Pass,
            Reports.Agent(CheckOutcome.Pass)))), before);
        var run = dir.WriteCells("after", Enumerable.Range(0, 15).Select(i => Reports.WithCheck(Reports.Cell(Reports.Spec($"k{i:00}", "ipv4", "vm", "default"), CellStatus.Pass,
            Reports.Agent(CheckOutcome.Pass)), "setup.connect", c => new CheckResult(c.Id, CheckOutcome.Unsupported))));

        var (_, stdout, _) = Report(new ReportOptions([run], Path.Combine(before, "report.json"), dir.Sub("out")));

        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        var from = Array.IndexOf(lines, "  regression (15):");
        Assert.True(from >= 0, stdout);
        Assert.All(lines[(from + 1)..(from + 11)], l => Assert.StartsWith("    vm-k", l));
        Assert.Equal("    +5 more (report.json lists every change)", lines[from + 11]);
        var md = File.ReadAllText(Path.Combine(dir.Path, "out", "summary.md"));
        Assert.Contains("### regression (15)", md);
        Assert.DoesNotContain("+", md[md.IndexOf("### regression (15)", StringComparison.Ordinal)..].Split("\n\n")[1]); // 15 < 20: all listed
    }

    [Theory]
    [InlineData("regresion", "'regresion' is not a change class")]
    [InlineData("regression,,fixed", "an empty class name")]
    [InlineData("none,regression", "none cannot be combined")]
    public void A_bad_fail_on_is_bad_input_naming_the_valid_classes(string failOn, string why)
    {
        var (run, baseline) = SampleRunAndBaseline();

        var (exit, _, stderr) = Report(new ReportOptions([run], baseline, dir.Sub("out"), FailOn: failOn));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(why, stderr);
        Assert.Contains("valid: regression, fixed, support_gained, support_lost, newly_tested, no_longer_tested, still_failing, or none", stderr);
    }

    [Fact]
    public void Fail_on_without_a_baseline_is_bad_input()
    {
        var run = dir.WriteCells("run", Reports.Sample());
        var (exit, _, stderr) = Report(new ReportOptions([run], FailOn: "regression"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--fail-on chooses which baseline changes fail the run; it needs --baseline", stderr);
    }

    [Fact]
    public void A_baseline_that_is_a_directory_is_a_clear_error_pointing_at_its_report_json()
    {
        var run = dir.WriteCells("run", Reports.Sample());
        var e = Assert.Throws<InvalidDataException>(() => ReportBuilder.Build([run], run, Reports.T0));
        Assert.Contains("is a directory", e.Message);
        Assert.Contains(Path.Combine(run, "report.json"), e.Message);
    }

    [Fact]
    public void A_report_json_of_the_previous_schema_still_serves_as_a_baseline()
    {
        // Schema 1: flat check counts, a baseline with "new_pass" and string before/after, checks without expectations.
        var cell = Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass,
            Reports.Agent(CheckOutcome.Pass, [new("setup.connect", CheckOutcome.Pass), new("client.initial.full_info.call", CheckOutcome.Unsupported, Errno: "EOPNOTSUPP")], upstream: null));
        var old = $$$"""
            {"schema_version": 1, "generated_at": "2026-01-01T00:00:00+00:00", "sources": ["/old"],
             "summary": {"cells": 1, "pass": 1, "fail": 0, "unsupported": 0, "untestable": 0, "infra_error": 0, "skipped": 0,
                         "checks": 2, "checks_passed": 1, "checks_failed": 0, "checks_unsupported": 1, "checks_error": 0, "exit_code": 0},
             "cells": [{{{JsonSerializer.Serialize(cell, OrchestratorJson.Default.CellResult)}}}],
             "baseline": {"baseline": "/older/report.json", "new_pass": 1, "regressions": 0, "still_failing": 0, "fixed": 0,
                          "changes": [{"cell_id": "vm-bookworm-ipv4-default", "family": "ipv4", "check_id": "setup.connect", "change": "new-pass", "after": "pass"}]}}
            """;
        var baseline = dir.File("old/report.json", old);
        var run = dir.WriteCells("run", [Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass))]);

        var b = ReportBuilder.Build([run], baseline, Reports.T0).Baseline!;

        // The old agent's unexplained unsupported FULL_INFO is now explained (expected): not a change.
        Assert.Equal([("client.initial.tcpinfo.size_user", ChangeClass.NewlyTested)], b.Changes.Select(c => (c.CheckId, c.Class)));
    }

    private static ReportDocument ReportDocumentWith(IEnumerable<CellResult> cells) =>
        ReportDocument.Create(Reports.T0, [], cells.OrderBy(c => c.Cell.Id, StringComparer.Ordinal).ToList());
}
