using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>A kernel column of the grid, or one family of a kernel whose families differ.</summary>
/// <param name="Family">null: every family of the kernel (they agree).</param>
/// <param name="Upstream">The upstream release the kernel is built from, when the agent could tell.</param>
/// <param name="Cells">The kernel's cells of the grid's variant (every backend, userspace and repeat).</param>
internal sealed record GridColumn(string Kernel, string? Family, string? Upstream, string Release, IReadOnlyList<CellResult> Cells)
{
    public string Label => Family is null ? Kernel : $"{Kernel} {Family}";

    /// <summary>The kernel's anchor in the provenance table.</summary>
    public string KernelAnchor => "k-" + Kernel;
}
