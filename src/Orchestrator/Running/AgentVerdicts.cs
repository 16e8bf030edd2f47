using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>
/// Maps an <see cref="AgentReport"/> verdict to a <see cref="CellStatus"/> with a short reason, and checks that the report shows
/// the cell's sysctls (for every backend).
/// </summary>
public static class AgentVerdicts
{
    /// <summary>
    /// The <c>net.mptcp.*</c> sysctls the cell asked for must be the ones the agent saw (<c>report.Kernel.MptcpSysctls</c>), or
    /// the cell would test the wrong thing: a mismatch is an <see cref="InfrastructureException"/> naming the key, the expected
    /// and the observed value. A key the agent did not report (e.g. no MPTCP in the kernel: the cell is unsupported) is not compared.
    /// </summary>
    /// <param name="where">Where the agent ran, for the message (e.g. "the cell's network namespace", "the container").</param>
    public static void EnsureSysctlsApplied(CellSpec cell, AgentReport report, string where, int? exitCode = null, string? logExcerpt = null)
    {
        foreach (var (key, expected) in cell.Sysctls.Where(s => s.Key.StartsWith("net.mptcp.", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!report.Kernel.MptcpSysctls.TryGetValue(key, out var observed) &&
                !report.Kernel.MptcpSysctls.TryGetValue(key["net.mptcp.".Length..], out observed)) continue;
            if (observed.Trim() == expected.Trim()) continue;
            throw new InfrastructureException(cell.Id,
                $"sysctl {key}: expected {key}={expected.Trim()}, observed {key}={observed.Trim()} in {where} (the sysctl was not applied)",
                exitCode, logExcerpt);
        }
    }

    public static (CellStatus Status, string? Reason) ToCellStatus(AgentReport report)
    {
        var status = report.Verdict switch
        {
            CheckOutcome.Pass => CellStatus.Pass,
            CheckOutcome.Fail => CellStatus.Fail,
            CheckOutcome.Unsupported => CellStatus.Unsupported,
            _ => CellStatus.InfraError,
        };
        string? reason = status switch
        {
            CellStatus.Fail => FailReason(report),
            CellStatus.Unsupported => report.Families.Select(f => f.Reason).FirstOrDefault(r => r is not null) ?? "MPTCP is not available in this cell",
            CellStatus.InfraError => "the agent could not work: " + (report.Families.Select(f => f.Reason).FirstOrDefault(r => r is not null) ??
                string.Join("; ", report.Families.SelectMany(f => f.Checks).Where(c => c.Outcome == CheckOutcome.Error).Select(c => $"{c.Id}: {c.Reason}").Take(3))),
            _ => null,
        };
        return (status, reason);
    }

    /// <summary>
    /// "N check(s) failed", led by what explains them: the connection fell back to TCP (every SOL_MPTCP check then
    /// fails for that one reason), or features missing on a kernel that should have them (regressions).
    /// </summary>
    public static string FailReason(AgentReport report)
    {
        var failed = report.Families.SelectMany(f => f.Checks).Where(c => c.Outcome == CheckOutcome.Fail).ToList();
        var parts = new List<string>();
        if (report.Families.Select(f => f.Reason).FirstOrDefault(r => r?.Contains("fell back to TCP", StringComparison.Ordinal) == true) is { } fellBack)
            parts.Add(fellBack);
        var regressions = failed.Where(c => c.Expectation == Expectation.Regression).ToList();
        if (regressions.Count > 0)
        {
            var features = regressions.Select(c => c.Feature).Where(f => f is not null).Distinct(StringComparer.Ordinal).ToList();
            parts.Add($"{regressions.Count} regression(s) ({string.Join(", ", features)}): {regressions[0].Reason}");
        }

        parts.Add($"{failed.Count} check(s) failed");
        return string.Join("; ", parts);
    }
}
