using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// KTAP (the kernel's test output format, version 1): one top-level test per cell, its checks as an indented subtest.
/// unsupported/skipped/untestable = <c># SKIP</c>; infrastructure errors = <c>not ok ... # ERROR</c>.
/// </summary>
public static class KtapReport
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
        k.Write($"# mptcpmatrix: {report.Summary.Cells} cells, {report.Summary.ChecksFailed} failed checks\n");
        k.Write($"1..{report.Cells.Count}\n");
        var n = 0;
        foreach (var cell in report.Cells)
        {
            n++;
            var checks = CheckRows.Checks(cell).ToList();
            if (checks.Count > 0)
            {
                k.Write("    KTAP version 1\n");
                k.Write($"    # Subtest: {cell.Cell.Id}\n");
                k.Write($"    # kernel={cell.Cell.Kernel} release={CheckRows.Release(cell)} family={cell.Cell.Family} backend={cell.Cell.Backend} variant={cell.Cell.Variant} accel={cell.Provenance.Accel}\n");
                k.Write($"    1..{checks.Count}\n");
                var i = 0;
                foreach (var (family, check) in checks)
                {
                    i++;
                    var name = Clean($"{family}.{check.Id}");
                    switch (check.Outcome)
                    {
                        case CheckOutcome.Pass:
                            k.Write($"    ok {i} {name}\n");
                            break;
                        case CheckOutcome.Unsupported:
                            k.Write($"    ok {i} {name} # SKIP {Clean(check.Reason ?? check.Errno ?? "unsupported")}\n");
                            break;
                        case CheckOutcome.Fail:
                            k.Write($"    # {name}: expected {Clean(check.Expected ?? "-")}, observed {Clean(check.Observed ?? "-")}{(check.Errno is null ? "" : " errno " + check.Errno)}\n");
                            k.Write($"    not ok {i} {name}\n");
                            break;
                        default:
                            k.Write($"    not ok {i} {name} # ERROR {Clean(check.Reason ?? "error")}\n");
                            break;
                    }
                }
            }

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
        text.Replace('\n', ' ').Replace('\r', ' ').Replace("#", "", StringComparison.Ordinal).Trim();
}
