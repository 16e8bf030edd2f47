using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Merges cell results from result directories (one run, or many jobs' downloaded artifacts) into a <see cref="ReportDocument"/>.</summary>
internal static class ReportBuilder
{
    /// <summary>
    /// Finds every <c>cells/*.json</c> below each directory (artifacts nest them as <c>DIR/&lt;job&gt;/cells/</c>); a file reached
    /// through two inputs is read once. Several results for one cell id merge as <see cref="CellMerger"/> says. The result does not
    /// depend on the order of <paramref name="dirs"/>. Throws <see cref="InvalidDataException"/> naming a damaged file, an empty
    /// input, a bad baseline or conflicting duplicates.
    /// </summary>
    public static ReportDocument Build(IReadOnlyList<string> dirs, string? baselinePath, DateTimeOffset generatedAt,
        DuplicatePolicy onDuplicate = DuplicatePolicy.Fail, IReadOnlyList<ChangeClass>? failOn = null)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in dirs)
        {
            if (!Directory.Exists(dir)) throw new InvalidDataException($"{dir}: no such directory");
            files.UnionWith(Directory.EnumerateFiles(Path.GetFullPath(dir), "*.json", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "cells" && !Path.GetFileName(f).StartsWith('.')));
        }

        // Reading and parsing dominate for big matrices: in parallel, then merged by path (deterministic).
        var paths = files.ToList();
        var parsed = new CellResult[paths.Count];
        var shared = new SharedStrings();
        try
        {
            Parallel.For(0, paths.Count, i => parsed[i] = shared.Share(ResultStore.ReadCell(paths[i])));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is InvalidDataException) is { } first)
        {
            throw first;
        }

        if (parsed.Length == 0)
            throw new InvalidDataException($"no cell results under {string.Join(", ", dirs)} (expected DIR/cells/<id>.json, as `matrix run --out DIR` writes)");
        var (cells, duplicates) = CellMerger.Merge(paths.Select((p, i) => (p, parsed[i])).ToList(), onDuplicate);
        var baseline = baselinePath is null ? null : BaselineComparer.Compare(cells, baselinePath, failOn ?? ChangeClasses.DefaultFailOn);
        var sources = dirs.Select(d => Path.GetFullPath(d)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ReportDocument.Create(generatedAt, sources, cells, baseline, KernelOrder(dirs), onDuplicate, duplicates);
    }

    /// <summary>
    /// The plan's kernel order from the sources' run.json files (each names matrix.yml's kernels in order), merged in path
    /// order (not argument order); null when no run.json names any (results from an older version).
    /// </summary>
    public static IReadOnlyList<string>? KernelOrder(IReadOnlyList<string> dirs)
    {
        var manifests = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in dirs) manifests.UnionWith(Directory.EnumerateFiles(Path.GetFullPath(dir), "run.json", SearchOption.AllDirectories));
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifests)
        {
            var manifest = ResultStore.ReadManifest(Path.GetDirectoryName(file)!);
            foreach (var kernel in manifest?.Kernels ?? manifest?.Plan.Select(c => c.Kernel) ?? [])
            {
                if (seen.Add(kernel)) order.Add(kernel);
            }
        }

        return order.Count == 0 ? null : order;
    }

    public static ReportSummary Summarize(IReadOnlyList<CellResult> cells, IReadOnlyList<CellSummary>? perCell = null, BaselineComparison? baseline = null)
    {
        perCell ??= cells.Select(CellSummary.Of).ToList();
        int Count(CellStatus s) => cells.Count(c => c.Status == s);
        var checks = perCell.Aggregate(CheckCounts.Zero, (sum, c) => sum + c.Checks);
        var exit = Count(CellStatus.Fail) > 0 || checks.Fail > 0 || baseline?.Fails == true ? 1 : Count(CellStatus.InfraError) > 0 ? 3 : 0;
        return new ReportSummary(cells.Count, Count(CellStatus.Pass), perCell.Count(c => c.Status == CellStatus.Pass && c.Checks.Unexpected > 0),
            Count(CellStatus.Fail), Count(CellStatus.Unsupported), Count(CellStatus.Untestable), Count(CellStatus.InfraError), Count(CellStatus.Skipped),
            checks, exit);
    }
}
