namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Counts per cell status and per check kind, and the exit code they imply.</summary>
/// <param name="PassWithUnexpected">Of the <paramref name="Pass"/> cells, those with unexpected outcomes
/// (<see cref="CheckCounts.Unexpected"/>: e.g. an unexplained unsupported check, an earlier-than-upstream pass).</param>
/// <param name="ExitCode">1 when a check failed or the baseline comparison fails the run (<c>--fail-on</c>), else 3 when a
/// cell is an infrastructure error, else 0 (without the CI rule for skipped cells, which depends on the environment).</param>
internal sealed record ReportSummary(
    int Cells,
    int Pass,
    int PassWithUnexpected,
    int Fail,
    int Unsupported,
    int Untestable,
    int InfraError,
    int Skipped,
    CheckCounts Checks,
    int ExitCode)
{
    /// <summary><c>5 cells: 2 pass (1 with unexpected outcomes), 1 fail, ...</c></summary>
    public string DescribeCells() =>
        $"{Cells} cells: {Pass} pass{(PassWithUnexpected > 0 ? $" ({PassWithUnexpected} with unexpected outcomes)" : "")}, {Fail} fail, {Unsupported} unsupported, " +
        $"{Untestable} untestable, {InfraError} infra-error, {Skipped} skipped";
}
