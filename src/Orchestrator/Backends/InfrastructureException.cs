namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>The infrastructure (not MPTCP) failed for a cell: boot panic, hang, engine gone, agent exit 2.</summary>
public sealed class InfrastructureException : Exception
{
    public InfrastructureException(string cellId, string message, int? exitCode = null, string? logExcerpt = null, Exception? inner = null)
        : base(message, inner)
    {
        CellId = cellId;
        ExitCode = exitCode;
        LogExcerpt = logExcerpt;
    }

    public string CellId { get; }
    public int? ExitCode { get; }

    /// <summary>The console or stderr lines that show what went wrong (e.g. the panic).</summary>
    public string? LogExcerpt { get; }
}
