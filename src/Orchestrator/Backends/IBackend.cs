using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>
/// A way to run the Agent against a kernel: <c>host</c>, <c>container</c>, <c>vm</c> or <c>virtme</c>.
/// The runner owns parallelism, per-cell timeouts, retries, result files and progress; a backend only runs cells.
/// </summary>
internal interface IBackend
{
    /// <summary>The name used in matrix.yml's <c>backends</c>.</summary>
    string Name { get; }

    /// <summary>Whether this machine can run the backend, with versions for provenance and a fix hint when it cannot.</summary>
    Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs a batch of cells that share a kernel (a batch of one unless the backend batches, like one VM boot per kernel)
    /// and returns exactly one result per cell. Throws <see cref="InfrastructureException"/> when the infrastructure
    /// failed (the runner retries per the cell's <c>retries</c>); check failures are results, never exceptions.
    /// Everything the call started (processes, containers, temp files) is gone when it returns or throws, also on cancellation.
    /// </summary>
    Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken);
}
