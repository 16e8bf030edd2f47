namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>The infrastructure (not MPTCP) failed for a cell: boot panic, hang, engine gone, agent exit 2.</summary>
internal sealed class InfrastructureException : Exception
{
    public InfrastructureException(string cellId, string message, int? exitCode = null, string? logExcerpt = null, Exception? inner = null, bool retryable = true)
        : base(message, inner)
    {
        CellId = cellId;
        ExitCode = exitCode;
        LogExcerpt = logExcerpt;
        Retryable = retryable;
    }

    public string CellId { get; }
    public int? ExitCode { get; }

    /// <summary>The console or stderr lines that show what went wrong (e.g. the panic).</summary>
    public string? LogExcerpt { get; }

    /// <summary>
    /// False when another attempt would fail the same way (a download that does not match its pinned SHA-256, an HTTP 404):
    /// the runner then does not retry it, so a pinned URL is not fetched again and again.
    /// </summary>
    public bool Retryable { get; }
}
