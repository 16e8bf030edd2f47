using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Helpers shared by the report formats.</summary>
public static class CheckRows
{
    public static string Status(CellStatus status) => status switch
    {
        CellStatus.InfraError => "infra-error",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Outcome(CheckOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>Every check of a cell with its family.</summary>
    public static IEnumerable<(string Family, CheckResult Check)> Checks(CellResult cell) =>
        cell.Agent?.Families.SelectMany(f => f.Checks.Select(c => (f.Family, c))) ?? [];

    /// <summary>Kernel label: name, and release when known.</summary>
    public static string KernelLabel(CellResult cell) =>
        cell.Cell.Kernel + (cell.Provenance.HostKernel ? " (host kernel)" : "");

    public static string Release(CellResult cell) => cell.Agent?.Kernel.Release ?? cell.Provenance.KernelRelease ?? "";

    /// <summary>The column of a cell in the grids: backend/variant[/userspace][/rN].</summary>
    public static string Column(CellResult cell) =>
        $"{cell.Cell.Backend}/{cell.Cell.Variant}" + (cell.Cell.Userspace is null or "scratch" ? "" : $"/{cell.Cell.Userspace}") +
        (cell.Cell.Repeat > 1 || cell.Cell.Id.EndsWith("-r1", StringComparison.Ordinal) ? $"/r{cell.Cell.Repeat}" : "");
}
