namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>Where a cell is, for the live progress view.</summary>
internal enum CellStage
{
    Queued,
    Preparing,
    Booting,
    Running,
    Done,
}
