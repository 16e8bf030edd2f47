using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>
/// An in-process backend whose behaviour per call is scripted: the runner's scheduling, retries, timeouts and result files are
/// what these tests check, so the backend itself only needs to answer (the host backend's process handling is tested with FakeAgent).
/// </summary>
internal sealed class ScriptedBackend(string name, Func<IReadOnlyList<CellSpec>, int, CancellationToken, Task<IReadOnlyList<CellResult>>> run, BackendProbe? probe = null) : IBackend
{
    private int calls;
    private int running;

    public string Name => name;

    public int Calls => calls;

    public int MaxConcurrent { get; private set; }

    public List<IReadOnlyList<string>> Batches { get; } = [];

    public Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult(probe ?? new BackendProbe(true, "scripted"));

    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref calls);
        lock (Batches)
        {
            Batches.Add(batch.Select(c => c.Id).ToList());
            MaxConcurrent = Math.Max(MaxConcurrent, ++running);
        }

        try
        {
            return await run(batch, call, cancellationToken);
        }
        finally
        {
            lock (Batches) running--;
        }
    }

    public static Task<IReadOnlyList<CellResult>> Pass(IReadOnlyList<CellSpec> batch) =>
        Task.FromResult<IReadOnlyList<CellResult>>(batch.Select(c => Reports.Cell(c, CellStatus.Pass, Reports.Agent(Contracts.CheckOutcome.Pass, c.Family, c.Variant))).ToList());
}
