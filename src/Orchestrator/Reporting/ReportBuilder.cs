using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Merges cell results from result directories (one run, or many jobs' downloaded artifacts) into a <see cref="ReportDocument"/>.</summary>
public static class ReportBuilder
{
    /// <summary>
    /// Finds every <c>cells/*.json</c> below each directory (artifacts nest them as <c>DIR/&lt;job&gt;/cells/</c>). When the same cell
    /// appears twice, the result that ended last wins. Throws <see cref="InvalidDataException"/> naming a damaged file or an empty input.
    /// </summary>
    public static ReportDocument Build(IReadOnlyList<string> dirs, string? baselinePath, DateTimeOffset generatedAt)
    {
        var files = new List<string>();
        foreach (var dir in dirs)
        {
            if (!Directory.Exists(dir)) throw new InvalidDataException($"{dir}: no such directory");
            files.AddRange(Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "cells" && !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal));
        }

        // Reading and parsing dominate for big matrices: in parallel, then merged in file order (deterministic).
        var parsed = new CellResult[files.Count];
        try
        {
            Parallel.For(0, files.Count, i => parsed[i] = ResultStore.ReadCell(files[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is InvalidDataException) is { } first)
        {
            throw first;
        }

        var byId = new Dictionary<string, CellResult>(StringComparer.Ordinal);
        foreach (var result in parsed)
        {
            if (!byId.TryGetValue(result.Cell.Id, out var existing) || result.EndedAt > existing.EndedAt) byId[result.Cell.Id] = result;
        }

        if (byId.Count == 0)
            throw new InvalidDataException($"no cell results under {string.Join(", ", dirs)} (expected DIR/cells/<id>.json, as `matrix run --out DIR` writes)");
        var cells = byId.Values.OrderBy(c => c.Cell.Id, StringComparer.Ordinal).ToList();
        var baseline = baselinePath is null ? null : Compare(cells, baselinePath);
        return new ReportDocument(ReportDocument.CurrentSchemaVersion, generatedAt, dirs.Select(d => Path.GetFullPath(d)).ToList(),
            Summarize(cells), cells, baseline, KernelOrder(dirs));
    }

    /// <summary>
    /// The plan's kernel order from the sources' run.json files (each names matrix.yml's kernels in order), merged in
    /// directory order; null when no run.json names any (results from an older version).
    /// </summary>
    public static IReadOnlyList<string>? KernelOrder(IReadOnlyList<string> dirs)
    {
        var order = new List<string>();
        foreach (var dir in dirs)
        {
            foreach (var file in Directory.EnumerateFiles(dir, "run.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var manifest = ResultStore.ReadManifest(Path.GetDirectoryName(file)!);
                foreach (var kernel in manifest?.Kernels ?? manifest?.Plan.Select(c => c.Kernel) ?? [])
                {
                    if (!order.Contains(kernel, StringComparer.Ordinal)) order.Add(kernel);
                }
            }
        }

        return order.Count == 0 ? null : order;
    }

    public static ReportSummary Summarize(IReadOnlyList<CellResult> cells)
    {
        int Count(CellStatus s) => cells.Count(c => c.Status == s);
        var checks = cells.SelectMany(c => c.Agent?.Families.SelectMany(f => f.Checks) ?? []).ToList();
        int Checks(CheckOutcome o) => checks.Count(c => c.Outcome == o);
        var exit = Count(CellStatus.Fail) > 0 || Checks(CheckOutcome.Fail) > 0 ? 1 : Count(CellStatus.InfraError) > 0 ? 3 : 0;
        return new ReportSummary(cells.Count, Count(CellStatus.Pass), Count(CellStatus.Fail), Count(CellStatus.Unsupported),
            Count(CellStatus.Untestable), Count(CellStatus.InfraError), Count(CellStatus.Skipped),
            checks.Count, Checks(CheckOutcome.Pass), Checks(CheckOutcome.Fail), Checks(CheckOutcome.Unsupported), Checks(CheckOutcome.Error), exit);
    }

    /// <summary>Each failing or passing check against the baseline report: new-pass, regression, still-failing or fixed.</summary>
    public static BaselineComparison Compare(IReadOnlyList<CellResult> cells, string baselinePath)
    {
        ReportDocument? baseline;
        try
        {
            using var stream = File.OpenRead(baselinePath);
            baseline = JsonSerializer.Deserialize(stream, OrchestratorJson.Default.ReportDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{baselinePath}:{e.LineNumber + 1}: not a report.json written by `matrix report`: {e.Message}", e);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidDataException($"{baselinePath}: baseline report not found");
        }

        if (baseline?.Cells is null) throw new InvalidDataException($"{baselinePath}: not a report.json written by `matrix report` (no cells)");
        var before = new Dictionary<(string, string, string), CheckOutcome>();
        foreach (var cell in baseline.Cells)
        {
            foreach (var family in cell.Agent?.Families ?? [])
            {
                foreach (var check in family.Checks) before[(cell.Cell.Id, family.Family, check.Id)] = check.Outcome;
            }
        }

        var changes = new List<CheckChange>();
        foreach (var cell in cells)
        {
            foreach (var family in cell.Agent?.Families ?? [])
            {
                foreach (var check in family.Checks)
                {
                    CheckOutcome? was = before.TryGetValue((cell.Cell.Id, family.Family, check.Id), out var b) ? b : null;
                    var change = (was, check.Outcome) switch
                    {
                        (CheckOutcome.Fail, CheckOutcome.Fail) => "still-failing",
                        (_, CheckOutcome.Fail) => "regression",
                        (CheckOutcome.Fail, CheckOutcome.Pass) => "fixed",
                        (not CheckOutcome.Pass, CheckOutcome.Pass) => "new-pass",
                        _ => null,
                    };
                    if (change is not null) changes.Add(new CheckChange(cell.Cell.Id, family.Family, check.Id, change, was, check.Outcome));
                }
            }
        }

        int N(string c) => changes.Count(x => x.Change == c);
        return new BaselineComparison(Path.GetFullPath(baselinePath), N("new-pass"), N("regression"), N("still-failing"), N("fixed"), changes);
    }
}
