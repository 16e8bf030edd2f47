using System.Xml.Linq;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

public sealed class ReportBuilderTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static CellResult Pass(string kernel, string family = "ipv4") =>
        Reports.Cell(Reports.Spec(kernel, family, "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass, family));

    private static CellResult Fail(string kernel, string family = "ipv4") =>
        Reports.Cell(Reports.Spec(kernel, family, "vm", "default"), CellStatus.Fail, Reports.Agent(CheckOutcome.Fail, family), "2 check(s) failed");

    [Fact]
    public void Results_from_nested_artifact_directories_are_merged()
    {
        dir.WriteCells("artifacts/cell-a", Pass("bookworm"));
        dir.WriteCells("artifacts/cell-b", Pass("trixie"));
        var report = ReportBuilder.Build([Path.Combine(dir.Path, "artifacts")], null, Reports.T0);
        Assert.Equal(["vm-bookworm-ipv4-default", "vm-trixie-ipv4-default"], report.Cells.Select(c => c.Cell.Id));
        Assert.Equal(0, report.Summary.ExitCode);
    }

    [Fact]
    public void Exit_code_is_1_for_failed_checks_3_for_infrastructure_only_and_0_otherwise()
    {
        Assert.Equal(1, ReportBuilder.Summarize([Pass("a"), Fail("b")]).ExitCode);
        Assert.Equal(0, ReportBuilder.Summarize([Pass("a")]).ExitCode);
        var infra = Reports.Cell(Reports.Spec("c", "ipv4", "vm", "default"), CellStatus.InfraError, null, "panic");
        Assert.Equal(3, ReportBuilder.Summarize([Pass("a"), infra]).ExitCode);
        Assert.Equal(1, ReportBuilder.Summarize([Fail("a"), infra]).ExitCode);
        var skipped = Reports.Cell(Reports.Spec("d", "ipv4", "vm", "default"), CellStatus.Skipped, null, "no qemu");
        Assert.Equal(0, ReportBuilder.Summarize([Pass("a"), skipped]).ExitCode);
    }

    [Fact]
    public void Kernels_are_listed_in_the_plans_order_from_run_json_also_across_one_cell_artifacts()
    {
        string[] planned = ["host", "bookworm-backports", "bookworm", "bullseye", "sid", "trixie"];
        // As the GitHub workflow leaves them: one directory per cell, each with its own run.json naming every kernel.
        foreach (var kernel in new[] { "trixie", "bookworm", "sid", "bookworm-backports", "bullseye" })
        {
            var outDir = dir.WriteCells($"artifacts/vm-{kernel}", Pass(kernel));
            ResultStore.WriteManifest(outDir, new RunManifest(RunManifest.CurrentSchemaVersion, "matrix.yml", Reports.T0, Reports.T0, false, false,
                [Reports.Spec(kernel, "ipv4", "vm", "default")], planned));
        }

        var host = Reports.Cell(Reports.Spec("host", "ipv4", "container", "default", KernelSource.Host), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));
        dir.WriteCells("artifacts/container-host", host);

        var report = ReportBuilder.Build([Path.Combine(dir.Path, "artifacts")], null, Reports.T0);

        Assert.Equal(planned, report.Kernels);
        Assert.Equal(planned, report.CellsByKernel().Select(g => g.Key));
        var markdown = MarkdownReport.Render(report);
        Assert.Equal(planned, planned.OrderBy(k => markdown.IndexOf($"| {k}", StringComparison.Ordinal)));
        var html = HtmlReport.Render(report);
        // Every kernel here is the same upstream version: the grid orders kernels by version, then in the plan's order.
        var grid = html[html.IndexOf("<table class=\"grid\"", StringComparison.Ordinal)..];
        Assert.Equal(planned, planned.OrderBy(k => grid.IndexOf($"data-kernel=\"{k}\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(planned, k => grid.IndexOf($"data-kernel=\"{k}\"", StringComparison.Ordinal) < 0);
        var provenance = html[html.IndexOf("<h2 id=\"provenance\">", StringComparison.Ordinal)..];
        Assert.Equal(planned, planned.OrderBy(k => provenance.IndexOf($"<tr id=\"k-{k}\">", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_run_json_kernels_keep_the_order_the_cells_first_name_them()
    {
        var report = ReportBuilder.Build([dir.WriteCells("run", Pass("trixie"), Pass("bookworm"))], null, Reports.T0);
        Assert.Null(report.Kernels);
        Assert.Equal(["bookworm", "trixie"], report.CellsByKernel().Select(g => g.Key));
    }

    [Fact]
    public void A_damaged_cell_file_is_a_clear_error_naming_it()
    {
        var outDir = dir.WriteCells("run", Pass("bookworm"));
        File.WriteAllText(Path.Combine(outDir, "cells", "broken.json"), "{\"schema_version\": 1, \"cell\": ");
        var e = Assert.Throws<InvalidDataException>(() => ReportBuilder.Build([outDir], null, Reports.T0));
        Assert.Contains("broken.json", e.Message);
        var stderr = new StringWriter();
        Assert.Equal(2, ReportCommand.Run(new ReportOptions([outDir]), TextWriter.Null, stderr, Reports.T0));
        Assert.Contains("broken.json", stderr.ToString());
    }

    [Fact]
    public void A_directory_without_results_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ReportBuilder.Build([dir.Sub("empty")], null, Reports.T0));
        Assert.Contains("no cell results", e.Message);
    }

    [Fact]
    public void A_baseline_that_is_not_a_report_is_a_clear_error()
    {
        var run = dir.WriteCells("run", Pass("bookworm"));
        var bogus = dir.File("bogus.json", "[1, 2");
        var e = Assert.Throws<InvalidDataException>(() => ReportBuilder.Build([run], bogus, Reports.T0));
        Assert.Contains("bogus.json", e.Message);
    }

    [Fact]
    public void The_markdown_summary_is_truncated_below_githubs_limit_with_a_note()
    {
        var cells = Enumerable.Range(0, 3000).Select(i => Fail($"k{i:0000}")).ToList();
        var report = ReportDocument.Create(Reports.T0, [], cells);
        var full = MarkdownReport.Render(report, int.MaxValue);
        var cut = MarkdownReport.Render(report, 100_000);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(full) > 100_000);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(cut) <= 100_000);
        Assert.Contains("**Truncated:**", cut);
        Assert.StartsWith(cut[..cut.IndexOf("\n\n**Truncated:**", StringComparison.Ordinal)], full);
    }

    [Fact]
    public void Junit_has_one_testcase_per_check_with_the_cell_properties()
    {
        var report = ReportBuilder.Build([dir.WriteCells("run", Fail("bookworm", "ipv6"))], null, Reports.T0);
        var xml = XDocument.Parse(JunitReport.Render(report));
        var suite = Assert.Single(xml.Root!.Elements("testsuite"));
        Assert.Equal(3, suite.Elements("testcase").Count());
        Assert.Equal(2, suite.Elements("testcase").Count(t => t.Element("failure") is not null));
        var props = suite.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.Equal(("bookworm", "ipv6", "vm", "kvm"), (props["kernel"], props["family"], props["backend"], props["accel"]));
        Assert.Equal("expected 8, observed 0 (EINVAL)", (string)suite.Elements("testcase").First(t => t.Element("failure") is not null).Element("failure")!.Attribute("message")!);
    }

    [Fact]
    public void Writing_all_formats_leaves_no_temporary_files()
    {
        var run = dir.WriteCells("run", Pass("bookworm"), Fail("trixie"));
        var files = ReportWriter.WriteAll(ReportBuilder.Build([run], null, Reports.T0), run);
        Assert.Equal(["report.json", "summary.md", "junit.xml", "report.ktap", "report.html"], files.Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFiles(run, "*.tmp", SearchOption.AllDirectories));
    }
}
