using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>Shows a run's progress: a live table on a terminal, timestamped lines in CI. Called from many threads.</summary>
internal interface IProgressView
{
    /// <summary>Runs <paramref name="work"/> while showing progress for <paramref name="cells"/>.</summary>
    Task RunAsync(IReadOnlyList<CellSpec> cells, Func<Task> work);

    void Stage(string cellId, CellStage stage);

    /// <summary>Attempt <paramref name="retry"/> of the cell's batch failed (<paramref name="reason"/>); retry number <paramref name="retry"/> starts.</summary>
    void Retrying(string cellId, int retry, string reason);

    void Finished(CellResult result);

    void Note(string message);
}
