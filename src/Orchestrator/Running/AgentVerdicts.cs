using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>Maps an <see cref="AgentReport"/> verdict to a <see cref="CellStatus"/> with a short reason (for every backend).</summary>
public static class AgentVerdicts
{
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
            CellStatus.Fail => $"{report.Families.Sum(f => f.Checks.Count(c => c.Outcome == CheckOutcome.Fail))} check(s) failed",
            CellStatus.Unsupported => report.Families.Select(f => f.Reason).FirstOrDefault(r => r is not null) ?? "MPTCP is not available in this cell",
            CellStatus.InfraError => "the agent could not work: " + (report.Families.Select(f => f.Reason).FirstOrDefault(r => r is not null) ??
                string.Join("; ", report.Families.SelectMany(f => f.Checks).Where(c => c.Outcome == CheckOutcome.Error).Select(c => $"{c.Id}: {c.Reason}").Take(3))),
            _ => null,
        };
        return (status, reason);
    }
}
