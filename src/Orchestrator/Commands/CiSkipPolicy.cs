using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// In CI (<c>CI=true</c>) a skipped cell is a missing capability CI was supposed to provide, so it must not make a green run:
/// <c>matrix run</c> and <c>matrix report</c> exit <see cref="ExitCodes.InfraOnly"/> (unless a check failed, which stays 1)
/// and say which cells were skipped and why. Locally skipped cells do not change the exit code.
/// </summary>
internal static class CiSkipPolicy
{
    /// <summary>"N cell(s) skipped in CI: &lt;reason&gt; (cells...); ..." or null when no cell was skipped.</summary>
    public static string? Explain(IReadOnlyList<CellResult> cells)
    {
        var skipped = cells.Where(c => c.Status == CellStatus.Skipped).ToList();
        if (skipped.Count == 0) return null;
        var reasons = skipped.GroupBy(c => c.Reason ?? "no reason recorded", StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({Cells(g.Select(c => c.Cell.Id).ToList())})");
        return $"{skipped.Count} cell(s) skipped in CI: {string.Join("; ", reasons)}";
    }

    /// <summary>The exit code after the CI rule; writes the explanation to <paramref name="error"/> when it applies.</summary>
    public static int Apply(int exitCode, IReadOnlyList<CellResult> cells, bool ci, TextWriter error)
    {
        if (!ci || Explain(cells) is not { } why) return exitCode;
        error.WriteLine("matrix: " + why);
        return exitCode == ExitCodes.Ok ? ExitCodes.InfraOnly : exitCode;
    }

    private static string Cells(IReadOnlyList<string> ids) =>
        ids.Count <= 3 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(3))} and {ids.Count - 3} more";
}
