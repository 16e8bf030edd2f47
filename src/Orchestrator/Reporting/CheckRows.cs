using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Helpers shared by the report formats.</summary>
internal static class CheckRows
{
    public static string Status(CellStatus status) => status switch
    {
        CellStatus.InfraError => "infra-error",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Every check of a cell with its family.</summary>
    public static IEnumerable<(string Family, CheckResult Check)> Checks(CellResult cell) =>
        cell.Agent?.Families.SelectMany(f => f.Checks.Select(c => (f.Family, c))) ?? [];

    /// <summary>Kernel label: name, and release when known.</summary>
    public static string KernelLabel(CellResult cell) =>
        cell.Cell.Kernel + (cell.Provenance.HostKernel ? " (host kernel)" : "");

    public static string Release(CellResult cell) => cell.Agent?.Kernel.Release ?? cell.Provenance.KernelRelease ?? "";

    /// <summary>The upstream release the cell's kernel is built from (e.g. <c>6.1.176</c>), when the agent could tell.</summary>
    public static string? Upstream(CellResult cell) => cell.Agent?.Kernel.UpstreamVersion;

    /// <summary>
    /// The check group of an id: <c>client.initial.full_info.bogus.short_optlen</c> -> <c>full_info</c>,
    /// <c>setup.connect</c> -> <c>setup</c> (the side and phase words are dropped); the sockopts suite is a group per socket
    /// option (<c>sockopts.tcp_keepidle.accepted</c> -> <c>sockopts.tcp_keepidle</c>), each being its own feature.
    /// </summary>
    public static string Group(string checkId)
    {
        if (checkId.StartsWith("sockopts.", StringComparison.Ordinal))
        {
            var end = checkId.IndexOf('.', "sockopts.".Length);
            return end < 0 ? checkId : checkId[..end];
        }

        var parts = checkId.Split('.');
        var i = 0;
        if (i < parts.Length - 1 && parts[i] is "client" or "server") i++;
        if (i < parts.Length - 1 && parts[i] is "initial" or "final") i++;
        return parts[i];
    }

    /// <summary>The column of a cell in the grids: backend/variant[/userspace][/rN].</summary>
    public static string Column(CellResult cell) =>
        $"{cell.Cell.Backend}/{cell.Cell.Variant}" + (cell.Cell.Userspace is null or "scratch" ? "" : $"/{cell.Cell.Userspace}") +
        (cell.Cell.Repeat > 1 || cell.Cell.Id.EndsWith("-r1", StringComparison.Ordinal) ? $"/r{cell.Cell.Repeat}" : "");
}
