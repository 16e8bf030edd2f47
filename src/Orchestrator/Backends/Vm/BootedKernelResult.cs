using System.Diagnostics;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>The CellResult of a cell whose kernel was booted (vm and virtme backends), with its provenance.</summary>
public static class BootedKernelResult
{
    public static CellResult Create(string backend, CellSpec cell, RunContext context, DateTimeOffset started, CellStatus status,
        string? reason, AgentReport? report, KernelImage? image, string accel, string? qemuVersion, string? virtmeVersion = null)
    {
        Debug.Assert(status != CellStatus.Pass || report is not null);
        var provenance = new Provenance
        {
            Backend = backend,
            HostKernel = false,
            KernelRelease = report?.Kernel.Release ?? image?.Release,
            KernelSource = cell.KernelSource.ToString(),
            KernelPackage = image?.Package,
            KernelSha256 = image?.Sha256,
            KernelPocket = image?.Pocket,
            Accel = accel,
            QemuVersion = qemuVersion,
            VirtmeVersion = virtmeVersion,
            AgentVersion = report?.AgentVersion,
            Sysctls = cell.Sysctls,
        };
        return new CellResult(CellResult.CurrentSchemaVersion, cell, status, reason, report, provenance, started, DateTimeOffset.UtcNow, 0,
            context.LogFiles(cell.Id));
    }
}
