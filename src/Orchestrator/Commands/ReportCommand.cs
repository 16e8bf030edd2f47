using System.CommandLine;
using MptcpMatrix.Orchestrator.Reporting;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// <c>matrix report DIR... [--baseline REPORT.json] [--out DIR]</c>: merges cell results into report.json, junit.xml, summary.md,
/// report.ktap and report.html. Exit 1 when a check failed, 3 when only the infrastructure failed (or, with <c>CI=true</c>, a cell
/// was skipped), 0 otherwise, 2 on bad input.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Result directories (from matrix run --out, or downloaded artifacts)", Arity = ArgumentArity.OneOrMore };
        var baseline = new Option<string?>("--baseline") { Description = "A previous report.json to compare with" };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the reports (default: the first DIR)" };
        var command = new Command("report", "Merge cell results into JSON, JUnit, Markdown, KTAP and HTML reports") { dirs, baseline, output };
        command.SetAction(parse => Run(parse.GetValue(dirs)!, parse.GetValue(baseline), parse.GetValue(output), Console.Out, Console.Error, DateTimeOffset.UtcNow));
        return command;
    }

    /// <param name="ci">Whether to apply the CI rule (<see cref="CiSkipPolicy"/>); null reads <c>CI</c> from the environment.</param>
    public static int Run(IReadOnlyList<string> dirs, string? baseline, string? outDir, TextWriter output, TextWriter error, DateTimeOffset now, bool? ci = null)
    {
        ReportDocument report;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            report = ReportBuilder.Build(dirs, baseline, now);
            if (Environment.GetEnvironmentVariable("MPTCPMATRIX_TRACE") == "1") error.WriteLine($"trace: read {report.Cells.Count} cells {clock.ElapsedMilliseconds} ms, heap {GC.GetTotalMemory(false) >> 20} MB, ws {Environment.WorkingSet >> 20} MB");
        }
        catch (InvalidDataException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        var target = outDir ?? dirs[0];
        ReportWriter.WriteAll(report, target);
        var s = report.Summary;
        output.WriteLine($"{s.Cells} cells: {s.Pass} pass, {s.Fail} fail, {s.Unsupported} unsupported, {s.Untestable} untestable, {s.InfraError} infra-error, {s.Skipped} skipped; " +
            $"{s.ChecksFailed} of {s.Checks} checks failed");
        if (report.Baseline is { } b) output.WriteLine($"baseline: {b.Regressions} regression(s), {b.Fixed} fixed, {b.StillFailing} still failing, {b.NewPass} new pass");
        output.WriteLine($"report: {Path.GetFullPath(Path.Combine(target, "report.html"))}");
        output.WriteLine($"        (report.json, junit.xml, summary.md, report.ktap in {Path.GetFullPath(target)})");
        return CiSkipPolicy.Apply(s.ExitCode, report.Cells, ci ?? CiSkipPolicy.InCi, error);
    }
}
