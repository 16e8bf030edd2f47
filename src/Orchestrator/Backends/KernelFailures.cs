using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>How the booting backends (vm, virtme) report a kernel that could not be resolved, fetched or verified.</summary>
internal static class KernelFailures
{
    /// <summary>Whether <paramref name="e"/> is a kernel failure (the caller converts it with <see cref="ToInfrastructure"/>).</summary>
    public static bool IsKernelFailure(Exception e) => e is KernelException or KernelIntegrityException;

    /// <summary>
    /// An infra error of the batch naming the matrix.yml kernel; a SHA-256 mismatch or a permanent failure (HTTP 4xx, size cap,
    /// not a kernel image) is not retried: the same pinned download would fail the same way.
    /// </summary>
    public static InfrastructureException ToInfrastructure(CellSpec cell, Exception e)
    {
        var permanent = e is KernelIntegrityException or KernelException { Permanent: true };
        return new InfrastructureException(cell.Id, $"{e.Message} (kernel '{cell.Kernel}' of the matrix{(permanent ? "; not retried" : "")})",
            inner: e, retryable: !permanent);
    }
}
