using System.Diagnostics;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Backends.Boot;

/// <summary>A batch of cells one boot serves (one kernel), with its time budget, and the results of its cells.</summary>
internal sealed class BootBatch
{
    public BootBatch(string backend, IReadOnlyList<CellSpec> cells, RunContext context)
    {
        if (cells.Any(c => c.KernelSource != cells[0].KernelSource)) throw new ArgumentException($"a {backend} batch must share one kernel", nameof(cells));
        // The planner gives the host kernel to the host and container backends only (KnownValues.CanReach).
        if (cells[0].KernelSource.IsHost) throw new ArgumentException($"a {backend} batch boots a kernel image, not the host kernel", nameof(cells));
        Backend = backend;
        Cells = cells;
        Context = context;
        Budget = TimeBudget.For(cells);
    }

    public string Backend { get; }

    public IReadOnlyList<CellSpec> Cells { get; }

    public CellSpec First => Cells[0];

    public RunContext Context { get; }

    public TimeBudget Budget { get; }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>The first cell's log directory, where the boot's own logs go.</summary>
    public string LogDir => Context.LogDir(First.Id);

    public void ReportStage(CellStage stage)
    {
        foreach (var cell in Cells) Context.ReportStage(cell.Id, stage);
    }

    /// <summary>Every cell with one status and reason, no report.</summary>
    public IReadOnlyList<CellResult> Finish(CellStatus status, string reason, BootFacts facts)
    {
        var list = Cells.Select(cell => Result(cell, status, reason, null, facts)).ToList();
        ReportStage(CellStage.Done);
        return list;
    }

    /// <summary>A cell's result with its boot's provenance.</summary>
    public CellResult Result(CellSpec cell, CellStatus status, string? reason, AgentReport? report, BootFacts facts)
    {
        Debug.Assert(status != CellStatus.Pass || report is not null);
        var provenance = new Provenance
        {
            Backend = Backend,
            HostKernel = false,
            KernelRelease = report?.Kernel.Release ?? facts.Image?.Release,
            KernelSource = cell.KernelSource.ToString(),
            KernelPackage = facts.Image?.Package,
            KernelSha256 = facts.Image?.Sha256,
            KernelPocket = facts.Image?.Pocket,
            Accel = facts.Accel,
            QemuVersion = facts.QemuVersion,
            VirtmeVersion = facts.VirtmeVersion,
            AgentVersion = report?.AgentVersion,
            BootEntry = facts.BootEntry,
            Sysctls = cell.Sysctls,
        };
        return new CellResult(CellResult.CurrentSchemaVersion, cell, status, reason, report, provenance, Started, DateTimeOffset.UtcNow, 0,
            Context.LogFiles(cell.Id));
    }
}
