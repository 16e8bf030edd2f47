using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>Issue 10, defect 3: one cell id in several inputs is never dropped silently, and the result never depends on argument order.</summary>
public sealed class DuplicateResultsTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static CellResult Pass(int minutes = 0) =>
        Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass), minutes: minutes);

    private static CellResult Fail(int minutes = 0) =>
        Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Fail, Reports.Agent(CheckOutcome.Fail), "2 check(s) failed", minutes);

    private (int Exit, string Stdout, string Stderr) Report(ReportOptions options)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = ReportCommand.Run(options, stdout, stderr, Reports.T0);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Conflicting_results_for_one_cell_are_an_error_naming_both_files_and_verdicts_in_either_argument_order()
    {
        // The same end time: the old code kept whichever came first, so `report A B` passed (0) and `report B A` failed (1).
        var a = dir.WriteCells("a", Pass());
        var b = dir.WriteCells("b", Fail());
        var out1 = dir.Sub("out1");
        var out2 = dir.Sub("out2");

        var ab = Report(new ReportOptions([a, b], OutDir: out1));
        var ba = Report(new ReportOptions([b, a], OutDir: out2));

        Assert.Equal((ExitCodes.BadInput, ExitCodes.BadInput), (ab.Exit, ba.Exit));
        Assert.Equal(ab.Stderr, ba.Stderr);
        var pathA = Path.Combine(a, "cells", "vm-bookworm-ipv4-default.json");
        var pathB = Path.Combine(b, "cells", "vm-bookworm-ipv4-default.json");
        Assert.Contains("1 cell id(s) have conflicting results", ab.Stderr);
        Assert.Contains($"{pathA}: pass: 3 checks, 0 failed, 1 unsupported", ab.Stderr);
        Assert.Contains($"{pathB}: fail: 3 checks, 2 failed, 0 unsupported", ab.Stderr);
        Assert.Contains("--on-duplicate latest", ab.Stderr);
        Assert.Empty(Directory.EnumerateFiles(out1)); // nothing written from a contradictory input
    }

    [Fact]
    public void With_on_duplicate_latest_the_result_that_ended_last_is_kept_in_either_order_and_recorded_in_every_report()
    {
        var a = dir.WriteCells("a", Fail(minutes: 0));
        var b = dir.WriteCells("b", Pass(minutes: 30));
        var out1 = dir.Sub("out1");
        var out2 = dir.Sub("out2");

        var ab = Report(new ReportOptions([a, b], OutDir: out1, OnDuplicate: DuplicatePolicy.Latest));
        var ba = Report(new ReportOptions([b, a], OutDir: out2, OnDuplicate: DuplicatePolicy.Latest));

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (ab.Exit, ba.Exit));
        var kept = Path.Combine(b, "cells", "vm-bookworm-ipv4-default.json");
        var dropped = Path.Combine(a, "cells", "vm-bookworm-ipv4-default.json");
        Assert.Contains($"duplicate (--on-duplicate latest): vm-bookworm-ipv4-default: dropped {dropped} (fail: 3 checks, 2 failed, 0 unsupported", ab.Stdout);
        Assert.Contains($"kept {kept} (pass", ab.Stdout);

        var json = File.ReadAllText(Path.Combine(out1, "report.json"));
        var report = JsonSerializer.Deserialize(json, OrchestratorJson.Default.ReportDocument)!;
        Assert.Equal(DuplicatePolicy.Latest, report.OnDuplicate);
        var duplicate = Assert.Single(report.Duplicates);
        Assert.Equal([(dropped, CellStatus.Fail, false), (kept, CellStatus.Pass, true)], duplicate.Inputs.Select(i => (i.File, i.Status, i.Kept)));
        Assert.Equal(CellStatus.Pass, Assert.Single(report.Cells).Status);
        foreach (var file in new[] { "summary.md", "report.html", "report.ktap", "junit.xml" })
        {
            var text = File.ReadAllText(Path.Combine(out1, file));
            Assert.True(text.Contains(dropped, StringComparison.Ordinal) && text.Contains("latest", StringComparison.Ordinal), $"{file} does not record the duplicate");
        }
    }

    [Fact]
    public void Under_latest_results_that_ended_at_the_same_time_are_still_an_error()
    {
        var a = dir.WriteCells("a", Pass());
        var b = dir.WriteCells("b", Fail());

        var result = Report(new ReportOptions([a, b], OutDir: dir.Sub("out"), OnDuplicate: DuplicatePolicy.Latest));

        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("the latest results ended at the same time", result.Stderr);
        Assert.Contains("no latest one to keep", result.Stderr);
    }

    [Fact]
    public void Identical_results_for_one_cell_merge_silently_into_the_latest()
    {
        // A re-run with the same verdict: other times, same status and check outcomes.
        var a = dir.WriteCells("a", Fail(minutes: 0));
        var b = dir.WriteCells("b", Fail(minutes: 10) with { Reason = "2 check(s) failed (re-run)" });

        var result = Report(new ReportOptions([a, b], OutDir: dir.Sub("out")));

        Assert.Equal(ExitCodes.ChecksFailed, result.Exit);
        Assert.DoesNotContain("duplicate", result.Stdout);
        Assert.Empty(result.Stderr);
        var report = ReportBuilder.Build([a, b], null, Reports.T0);
        Assert.Empty(report.Duplicates);
        Assert.Equal("2 check(s) failed (re-run)", Assert.Single(report.Cells).Reason);
    }

    [Fact]
    public void The_same_status_with_different_check_outcomes_is_a_conflict_naming_the_first_difference()
    {
        var a = dir.WriteCells("a", Pass());
        var b = dir.WriteCells("b", Reports.WithCheck(Pass(), "client.initial.full_info.call", c => c with { Expectation = Expectation.UnknownVersion }));

        var e = Assert.Throws<InvalidDataException>(() => ReportBuilder.Build([a, b], null, Reports.T0));

        Assert.Contains("ipv4.client.initial.full_info.call: unsupported (expected_unsupported) vs unsupported (unknown_version)", e.Message);
    }

    [Fact]
    public void A_directory_given_twice_or_nested_in_another_is_read_once()
    {
        var run = dir.WriteCells("run", Pass());
        var report = ReportBuilder.Build([run, run, dir.Path], null, Reports.T0);
        Assert.Single(report.Cells);
        Assert.Empty(report.Duplicates);
    }

    [Fact]
    public void The_report_does_not_depend_on_the_order_of_its_inputs()
    {
        var early = Reports.Cell(Reports.Spec("trixie", "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));
        var a = dir.WriteCells("a", Fail(minutes: 0), early);
        var b = dir.WriteCells("b", Pass(minutes: 30), Reports.Cell(Reports.Spec("sid", "ipv6", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass, "ipv6")));
        // run.json files that list the kernels in different orders
        ResultStore.WriteManifest(a, new RunManifest(RunManifest.CurrentSchemaVersion, "matrix.yml", Reports.T0, Reports.T0, false, false, [], ["trixie", "bookworm", "sid"]));
        ResultStore.WriteManifest(b, new RunManifest(RunManifest.CurrentSchemaVersion, "matrix.yml", Reports.T0, Reports.T0, false, false, [], ["sid", "bookworm", "trixie"]));
        var out1 = dir.Sub("out1");
        var out2 = dir.Sub("out2");

        var ab = Report(new ReportOptions([a, b], OutDir: out1, OnDuplicate: DuplicatePolicy.Latest));
        var ba = Report(new ReportOptions([b, a], OutDir: out2, OnDuplicate: DuplicatePolicy.Latest));

        Assert.Equal(ab.Exit, ba.Exit);
        foreach (var file in new[] { "report.json", "junit.xml", "summary.md", "report.ktap", "report.html" })
            Assert.True(File.ReadAllText(Path.Combine(out1, file)) == File.ReadAllText(Path.Combine(out2, file)), $"{file} depends on the argument order");
    }

    [Fact]
    public async Task The_cli_refuses_an_unknown_duplicate_policy_naming_the_valid_ones()
    {
        var run = dir.WriteCells("run", Pass());

        var (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, null, "report", run, "--on-duplicate", "newest");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("newest", stderr);
        Assert.Contains("latest", stderr);
        Assert.Contains("fail", stderr);
    }
}
