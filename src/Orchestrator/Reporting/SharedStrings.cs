using System.Collections.Concurrent;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// One instance of each text the checks of many cells repeat (check ids, features, versions, commits, expected and observed
/// values, reasons): a report over 500 cells otherwise holds each of them 500 times. Applied to each cell right after it is
/// parsed, so the parser's copies die young instead of filling the heap (safe to share between threads).
/// </summary>
internal sealed class SharedStrings
{
    private readonly ConcurrentDictionary<string, string> strings = new(StringComparer.Ordinal);

    /// <summary>The cell with every check's texts replaced by the shared instances (the same cell when it ran no agent).</summary>
    public CellResult Share(CellResult cell)
    {
        if (cell.Agent is not { } agent) return cell;
        var families = new FamilyRun[agent.Families.Count];
        for (var f = 0; f < families.Length; f++)
        {
            var family = agent.Families[f];
            var checks = new CheckResult[family.Checks.Count];
            for (var i = 0; i < checks.Length; i++) checks[i] = Share(family.Checks[i]);
            families[f] = family with { Family = Of(family.Family)!, Checks = checks };
        }

        return cell with { Agent = agent with { Families = families } };
    }

    private CheckResult Share(CheckResult c) => c with
    {
        Id = Of(c.Id)!, Expected = Of(c.Expected), Observed = Of(c.Observed), Errno = Of(c.Errno), Reason = Of(c.Reason),
        Feature = Of(c.Feature), Since = Of(c.Since), Commit = Of(c.Commit),
    };

    private string? Of(string? text) => text is null ? null : strings.GetOrAdd(text, text);
}
