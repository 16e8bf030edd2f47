namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Counts per cell status and per check outcome, and the exit code they imply.</summary>
public sealed record ReportSummary(
    int Cells,
    int Pass,
    int Fail,
    int Unsupported,
    int Untestable,
    int InfraError,
    int Skipped,
    int Checks,
    int ChecksPassed,
    int ChecksFailed,
    int ChecksUnsupported,
    int ChecksError,
    int ExitCode);
