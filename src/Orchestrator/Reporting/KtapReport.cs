using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// KTAP (the kernel's test output format, version 1): one top-level test per cell, its checks as an indented subtest.
/// Unsupported checks are <c># SKIP expected: added in Linux 6.5 (commit …)</c> / <c># SKIP expected: MPTCP off …</c> or
/// <c># SKIP unsupported (unexplained): …</c> / <c># SKIP unsupported (kernel version unknown): …</c>; a failed check is
/// <c>not ok N name # regression: …</c>, <c># fell_back: …</c> (the expectation's name) or plain <c>not ok</c> after its expected/observed line;
/// an earlier-than-upstream pass gets a diagnostic line. Skipped/untestable cells = <c># SKIP</c>; infrastructure errors =
/// <c>not ok ... # ERROR</c>; a pass cell with unexpected outcomes says so in a diagnostic line.
/// </summary>
internal static class KtapReport
{
    public static string Render(ReportDocument report)
    {
        using var writer = new StringWriter();
        Write(report, writer);
        return writer.ToString();
    }

    /// <summary>Streams the KTAP text.</summary>
    public static void Write(ReportDocument report, TextWriter k)
    {
        k.Write("KTAP version 1\n");
        k.Write($"# mptcpmatrix: {report.Summary.DescribeCells()}\n");
        k.Write($"# {Clean(report.Summary.Checks.Describe())}\n");
        if (report.OnDuplicate == DuplicatePolicy.Latest || report.Duplicates.Count > 0)
            k.Write($"# on duplicate cell ids: {CellMerger.PolicyName(report.OnDuplicate)}; {report.Duplicates.Count} conflicting\n");
        foreach (var duplicate in report.Duplicates) k.Write($"# duplicate {Clean(duplicate.ToString())}\n");
        if (report.Baseline is { } b) k.Write($"# baseline {Clean(b.Baseline)}: {b.Counts}; {Clean(b.Verdict())}\n");
        k.Write($"1..{report.Cells.Count}\n");
        var n = 0;
        foreach (var cell in report.Cells)
        {
            n++;
            var checks = CheckRows.Checks(cell).ToList();
            var upstream = CheckRows.Upstream(cell);
            if (checks.Count > 0)
            {
                k.Write("    KTAP version 1\n");
                k.Write($"    # Subtest: {cell.Cell.Id}\n");
                k.Write($"    # kernel={cell.Cell.Kernel} release={CheckRows.Release(cell)}{(upstream is null ? "" : $" upstream={upstream}")} family={cell.Cell.Family} backend={cell.Cell.Backend} variant={cell.Cell.Variant} accel={cell.Provenance.Accel}\n");
                k.Write($"    1..{checks.Count}\n");
                var i = 0;
                foreach (var (family, check) in checks)
                {
                    i++;
                    var name = Clean($"{family}.{check.Id}");
                    var kind = CheckKinds.Of(check);
                    var why = kind is CheckKind.Pass or CheckKind.Fail or CheckKind.Error ? "" : Clean(CheckKinds.Explain(check, upstream) ?? "");
                    switch (check.Outcome)
                    {
                        case CheckOutcome.Pass:
                            if (kind == CheckKind.EarlierThanUpstream) k.Write($"    # {name}: earlier than upstream: {why}\n");
                            k.Write($"    ok {i} {name}\n");
                            break;
                        case CheckOutcome.Unsupported:
                            var skip = kind switch
                            {
                                CheckKind.ExpectedUnsupported => "expected: " + why,
                                CheckKind.MptcpOff => "expected: MPTCP off: " + why,
                                CheckKind.UnknownVersion => "unsupported (kernel version unknown): " + why,
                                CheckKind.NeedsCapability => "needs a capability: " + why,
                                CheckKind.NotObservable => "not observable here: " + why,
                                _ => "unsupported (unexplained): " + why,
                            };
                            k.Write($"    ok {i} {name} # SKIP {skip}\n");
                            break;
                        case CheckOutcome.Fail:
                            k.Write($"    # {name}: expected {Clean(check.Expected ?? "-")}, observed {Clean(check.Observed ?? "-")}{(check.Errno is null ? "" : " errno " + check.Errno)}\n");
                            k.Write(kind == CheckKind.Fail ? $"    not ok {i} {name}\n" : $"    not ok {i} {name} # {AgentReportJson.Name(check.Expectation!.Value)}: {why}\n");
                            break;
                        default:
                            k.Write($"    not ok {i} {name} # ERROR {Clean(check.Reason ?? "error")}\n");
                            break;
                    }
                }
            }

            if (cell.Status == CellStatus.Pass && report.CellChecks[n - 1].Unexpected is { } unexpected)
                k.Write($"# {cell.Cell.Id}: pass with unexpected outcomes: {unexpected}\n");
            k.Write(cell.Status switch
            {
                CellStatus.Pass => $"ok {n} {cell.Cell.Id}\n",
                CellStatus.Fail => $"not ok {n} {cell.Cell.Id}\n",
                CellStatus.InfraError => $"not ok {n} {cell.Cell.Id} # ERROR {Clean(cell.Reason ?? "infrastructure error")}\n",
                _ => $"ok {n} {cell.Cell.Id} # SKIP {CheckRows.Status(cell.Status)}: {Clean(cell.Reason ?? "")}\n",
            });
        }
    }

    /// <summary>KTAP lines are single lines and '#' starts a directive.</summary>
    private static string Clean(string text) =>
        text.AsSpan().IndexOfAny('\n', '\r', '#') < 0 && (text.Length == 0 || (!char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1])))
            ? text
            : text.Replace('\n', ' ').Replace('\r', ' ').Replace("#", "", StringComparison.Ordinal).Trim();
}
