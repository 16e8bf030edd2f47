namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>Where a cell is, for the live progress view.</summary>
public enum CellStage
{
    Queued,
    Preparing,
    Booting,
    Running,
    Done,
}
