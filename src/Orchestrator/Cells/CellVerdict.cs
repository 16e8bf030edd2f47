using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Cells;

/// <summary>
/// A cell's status follows from its checks, by the agent's own rule (any fail fails; else any error is an error; only
/// unsupported checks, or none, is unsupported; else pass), never from a verdict field alone: a report that says
/// "pass" next to a failed check, or a backend that maps it wrongly, must not make a passing cell.
/// </summary>
internal static class CellVerdict
{
    /// <summary>The status the report's checks (every family) give: an agent error is <see cref="CellStatus.InfraError"/>.</summary>
    public static CellStatus FromChecks(AgentReport report) => StatusOf(AgentVerdict.Combine(report.Families.SelectMany(f => f.Checks).Select(c => c.Outcome)));

    /// <summary>The cell status of an agent verdict.</summary>
    public static CellStatus StatusOf(CheckOutcome verdict) => verdict switch
    {
        CheckOutcome.Fail => CellStatus.Fail,
        CheckOutcome.Error => CellStatus.InfraError,
        CheckOutcome.Pass => CellStatus.Pass,
        _ => CellStatus.Unsupported,
    };

    /// <summary>
    /// <paramref name="result"/> with a status its checks agree with. A pass, fail or unsupported cell takes the status of its
    /// checks; an infra error that hides a failed check becomes a fail; a pass or fail without a report (nothing to show for
    /// it) becomes an infra error. The reason then says what the backend had claimed. Skipped, untestable and other infra
    /// errors are left as they are: they say nothing about the checks.
    /// </summary>
    public static CellResult Reconcile(CellResult result, string backend)
    {
        var claimed = result.Status;
        if (result.Agent is not { } report)
        {
            return claimed is CellStatus.Pass or CellStatus.Fail
                ? result with { Status = CellStatus.InfraError, Reason = $"the {backend} backend reported {Name(claimed)} without an agent report" }
                : result;
        }

        var derived = FromChecks(report);
        if (derived == claimed || claimed is CellStatus.Skipped or CellStatus.Untestable || (claimed == CellStatus.InfraError && derived != CellStatus.Fail))
            return result;
        return result with { Status = derived, Reason = $"{Reason(derived, report) ?? "no check failed"} (the {backend} backend reported {Name(claimed)})" };
    }

    /// <summary>The short reason of a status derived from <paramref name="report"/>'s checks (null for a pass).</summary>
    public static string? Reason(CellStatus status, AgentReport report) => status switch
    {
        CellStatus.Fail => FailReason(report),
        CellStatus.Unsupported => FamilyReasons(report) ?? "MPTCP is not available in this cell",
        CellStatus.InfraError => "the agent could not work: " + (report.Families.Select(f => f.Reason).FirstOrDefault(r => !string.IsNullOrWhiteSpace(r)) ??
            string.Join("; ", report.Families.SelectMany(f => f.Checks).Where(c => c.Outcome == CheckOutcome.Error).Select(c => $"{c.Id}: {c.Reason}").Take(3))),
        _ => null,
    };

    private static string Name(CellStatus status) => status switch
    {
        CellStatus.InfraError => "infra-error",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// "N check(s) failed: family:check, ..." (the first five), led by what explains them (<see cref="FailExplanations"/>).
    /// </summary>
    private static string FailReason(AgentReport report)
    {
        var failed = report.Families.SelectMany(f => f.Checks.Where(c => c.Outcome == CheckOutcome.Fail).Select(c => $"{f.Family}:{c.Id}")).ToList();
        var checks = failed.Count == 0 ? "a check failed" : $"{failed.Count} check(s) failed: " + string.Join(", ", failed.Take(5)) + (failed.Count > 5 ? ", ..." : "");
        return string.Join("; ", [.. FailExplanations(report), checks]);
    }

    /// <summary>The families' distinct reasons, joined; null when none gave one.</summary>
    private static string? FamilyReasons(AgentReport report)
    {
        var reasons = report.Families.Select(f => f.Reason).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>
    /// What explains a report's failed checks, for every backend's fail reason: the connection fell back to TCP (every
    /// SOL_MPTCP check then fails for that one reason), or features missing on a kernel that should have them
    /// (regressions). Empty when the failures are plain ones.
    /// </summary>
    public static IReadOnlyList<string> FailExplanations(AgentReport report)
    {
        var parts = new List<string>();
        if (report.Families.Select(f => f.Reason).FirstOrDefault(r => r?.Contains("fell back to TCP", StringComparison.Ordinal) == true) is { } fellBack)
            parts.Add(fellBack);
        var regressions = report.Families.SelectMany(f => f.Checks).Where(c => c is { Outcome: CheckOutcome.Fail, Expectation: Expectation.Regression }).ToList();
        if (regressions.Count > 0)
        {
            var features = regressions.Select(c => c.Feature).Where(f => f is not null).Distinct(StringComparer.Ordinal).ToList();
            parts.Add($"{regressions.Count} regression(s) ({string.Join(", ", features)}): {regressions[0].Reason}");
        }

        return parts;
    }
}
