using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>
/// What every backend does with the agent's report: checks that it shows the cell's sysctls, that the agent's exit code
/// agrees with it, and maps it to a <see cref="CellStatus"/> with a short reason.
/// </summary>
internal static class AgentVerdicts
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
        if (CellVerdict.StatusOf(report.Verdict) != status)
            reason = (reason is null ? "" : reason + " ") + $"(the agent's verdict said {report.Verdict.ToString().ToLowerInvariant()}, its checks do not)";
        return (status, reason);
    }

    /// <summary>The agent's exit code must be the one its verdict gives (<see cref="AgentVerdict.ExitCode"/>), or the report is not to be trusted.</summary>
    public static void EnsureExitCodeAgrees(CellSpec cell, AgentReport report, int exitCode, string? logExcerpt)
    {
        var expected = AgentVerdict.ExitCode(report.Verdict);
        if (exitCode == expected) return;
        throw new InfrastructureException(cell.Id,
            $"the agent's exit code {exitCode} contradicts its verdict '{report.Verdict.ToString().ToLowerInvariant()}' (expected exit {expected})",
            exitCode, logExcerpt);
    }
}
