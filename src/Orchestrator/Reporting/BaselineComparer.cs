using System.Text.Json;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Compares every check of a run with a baseline report.json, keyed by cell id + family + check id.</summary>
internal static class BaselineComparer
{
    /// <summary>Reads the baseline; throws <see cref="InvalidDataException"/> naming the file when it is not a report.json.</summary>
    public static IReadOnlyList<CellResult> Read(string baselinePath)
    {
        if (Directory.Exists(baselinePath))
            throw new InvalidDataException($"{baselinePath}: is a directory; --baseline takes the report.json a previous `matrix report` wrote (e.g. {Path.Combine(baselinePath, "report.json")})");
        BaselineReport? baseline;
        try
        {
            using var stream = File.OpenRead(baselinePath);
            baseline = JsonSerializer.Deserialize(stream, OrchestratorJson.Default.BaselineReport);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{baselinePath}:{e.LineNumber + 1}: not a report.json written by `matrix report`: {e.Message}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"{baselinePath}: baseline report not found");
        }

        if (baseline?.Cells is null || baseline.SchemaVersion < 1)
            throw new InvalidDataException($"{baselinePath}: not a report.json written by `matrix report` (no schema_version or cells)");
        if (baseline.SchemaVersion > ReportDocument.CurrentSchemaVersion)
            throw new InvalidDataException($"{baselinePath}: report schema {baseline.SchemaVersion} is newer than this build reads ({ReportDocument.CurrentSchemaVersion})");
        return baseline.Cells;
    }

    public static BaselineComparison Compare(IReadOnlyList<CellResult> cells, string baselinePath, IReadOnlyList<ChangeClass> failOn) =>
        Compare(cells, Read(baselinePath), Path.GetFullPath(baselinePath), failOn);

    /// <summary>Every check of <paramref name="cells"/> and <paramref name="baseline"/> classified by <see cref="ChangeClassifier"/>; linear in the checks.</summary>
    public static BaselineComparison Compare(IReadOnlyList<CellResult> cells, IReadOnlyList<CellResult> baseline, string baselineName, IReadOnlyList<ChangeClass> failOn)
    {
        var before = new Dictionary<(string Cell, string Family, string Check), CheckState>();
        var order = new List<(string Cell, string Family, string Check)>();
        foreach (var cell in baseline)
        {
            foreach (var (family, check) in CheckRows.Checks(cell))
            {
                var key = (cell.Cell.Id, family, check.Id);
                if (before.TryAdd(key, CheckState.Of(check))) order.Add(key);
            }
        }

        var changes = new List<CheckChange>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var cell in cells.OrderBy(c => c.Cell.Id, StringComparer.Ordinal))
        {
            foreach (var (family, check) in CheckRows.Checks(cell))
            {
                var key = (cell.Cell.Id, family, check.Id);
                if (!seen.Add(key)) continue;
                var was = before.GetValueOrDefault(key);
                var now = CheckState.Of(check);
                if (ChangeClassifier.Classify(was, now) is { } change) changes.Add(new CheckChange(cell.Cell.Id, family, check.Id, change, was, now));
            }
        }

        foreach (var key in order.Where(k => !seen.Contains(k)))
            changes.Add(new CheckChange(key.Cell, key.Family, key.Check, ChangeClass.NoLongerTested, before[key], null));

        var counts = ChangeCounts.Of(changes);
        return new BaselineComparison(baselineName, counts, failOn, failOn.Any(c => counts[c] > 0), changes);
    }
}
