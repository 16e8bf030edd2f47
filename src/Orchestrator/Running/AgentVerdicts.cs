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

    /// <summary>
    /// The cell status of a report, from its checks (<see cref="CellVerdict.FromChecks"/>), not from its verdict field: a
    /// report whose verdict contradicts its checks gets the checks' status, and the reason says what the agent had claimed.
    /// </summary>
    public static (CellStatus Status, string? Reason) ToCellStatus(AgentReport report)
    {
        var status = CellVerdict.FromChecks(report);
        var reason = CellVerdict.Reason(status, report);
        var claimed = report.Verdict switch
        {
            CheckOutcome.Pass => CellStatus.Pass,
            CheckOutcome.Fail => CellStatus.Fail,
            CheckOutcome.Unsupported => CellStatus.Unsupported,
            _ => CellStatus.InfraError,
        };
        if (claimed != status)
            reason = (reason is null ? "" : reason + " ") + $"(the agent's verdict said {report.Verdict.ToString().ToLowerInvariant()}, its checks do not)";
        return (status, reason);
    }
}
