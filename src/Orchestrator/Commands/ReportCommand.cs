using System.CommandLine;
using MptcpMatrix.Orchestrator.Reporting;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// <c>matrix report DIR... [--baseline REPORT.json [--fail-on CLASSES]] [--on-duplicate fail|latest] [--out DIR]</c>: merges cell
/// results into report.json, junit.xml, summary.md, report.ktap and report.html. Exit 1 when a check failed or the baseline
/// comparison has a change of a <c>--fail-on</c> class (default: regression), 3 when only the infrastructure failed (or, with
/// <c>CI=true</c>, a cell was skipped), 0 otherwise, 2 on bad input (also: one cell id with conflicting results and no policy).
/// Under GitHub Actions (<c>GITHUB_ACTIONS=true</c>) it also prints <c>::error</c> annotations (<see cref="GithubAnnotations"/>).
/// </summary>
internal static class ReportCommand
{
    /// <summary>Changes listed per class on the console; report.json lists them all.</summary>
    public const int ListedPerClass = 10;

    public static Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Result directories (from matrix run --out, or downloaded artifacts); their order does not matter", Arity = ArgumentArity.OneOrMore };
        var baseline = new Option<string?>("--baseline") { Description = "A previous report.json: every check's change is classified (regression, fixed, support_gained, support_lost, newly_tested, no_longer_tested, still_failing)" };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "With --baseline: the change classes that fail the run (exit 1), a comma list, e.g. regression,support_lost, or none (default: regression)",
        };
        var onDuplicate = new Option<string>("--on-duplicate")
        {
            Description = "One cell id with different verdicts in the inputs: fail (exit 2 naming the files; default) or latest (keep the result that ended last; recorded in the reports)",
            DefaultValueFactory = _ => "fail",
        };
        onDuplicate.AcceptOnlyFromAmong("fail", "latest");
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the reports (default: the first DIR)" };
        var command = new Command("report", "Merge cell results into JSON, JUnit, Markdown, KTAP and HTML reports. " +
            "Exit 0 ok; 1 a check failed, or --baseline found a change of a --fail-on class (default: any regression); " +
            "2 bad input (also: one cell id with conflicting results and no --on-duplicate latest); 3 only the infrastructure failed")
        {
            dirs, baseline, failOn, onDuplicate, output,
        };
        command.SetAction(parse => Run(
            new ReportOptions(parse.GetValue(dirs)!, parse.GetValue(baseline), parse.GetValue(output), parse.GetValue(failOn),
                parse.GetValue(onDuplicate) == "latest" ? DuplicatePolicy.Latest : DuplicatePolicy.Fail).FromEnvironment(),
            Console.Out, Console.Error, DateTimeOffset.UtcNow));
        return command;
    }

    public static int Run(ReportOptions options, TextWriter output, TextWriter error, DateTimeOffset now)
    {
        ReportDocument report;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            report = ReportBuilder.Build(options.Dirs, options.Baseline, now, options.OnDuplicate, options.FailOnClasses());
            if (options.Trace) error.WriteLine($"trace: read {report.Cells.Count} cells {clock.ElapsedMilliseconds} ms, process CPU so far {Environment.CpuUsage.TotalTime.TotalMilliseconds:0} ms, heap {GC.GetTotalMemory(false) >> 20} MB, ws {Environment.WorkingSet >> 20} MB");
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        var target = options.OutDir ?? options.Dirs[0];
        ReportWriter.WriteAll(report, target, options.Trace);
        var s = report.Summary;
        output.WriteLine($"{s.DescribeCells()}; {s.Checks.Fail} of {s.Checks.Total} checks failed");
        output.WriteLine($"checks: {s.Checks.Describe()}");
        foreach (var duplicate in report.Duplicates)
            output.WriteLine($"duplicate (--on-duplicate {CellMerger.PolicyName(duplicate.Policy)}): {duplicate}");
        if (report.Baseline is { } b) WriteBaseline(b, output);
        GithubAnnotations.Write(report, output, options.GithubActions);
        output.WriteLine($"report: {Path.GetFullPath(Path.Combine(target, "report.html"))}");
        output.WriteLine($"        (report.json, junit.xml, summary.md, report.ktap in {Path.GetFullPath(target)})");
        return CiSkipPolicy.Apply(s.ExitCode, report.Cells, options.Ci, error);
    }

    /// <summary>The counts, then up to <see cref="ListedPerClass"/> changes per class (worst class first), then whether it fails the run.</summary>
    public static void WriteBaseline(BaselineComparison b, TextWriter output)
    {
        output.WriteLine($"baseline {b.Baseline}: {b.Counts}");
        foreach (var change in ChangeClasses.All)
        {
            var listed = b.Changes.Where(c => c.Class == change).Take(ListedPerClass + 1).ToList();
            if (listed.Count == 0) continue;
            output.WriteLine($"  {ChangeClasses.Name(change)} ({b.Counts[change]}):");
            foreach (var c in listed.Take(ListedPerClass)) output.WriteLine($"    {c}");
            if (b.Counts[change] > ListedPerClass) output.WriteLine($"    +{b.Counts[change] - ListedPerClass} more (report.json lists every change)");
        }

        output.WriteLine($"baseline: {b.Verdict()}");
    }
}
