using System.Globalization;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// Merges the cell results of all inputs into one result per cell id, independent of the order of the inputs. Several results
/// for one id that agree (same status, same checks with the same outcomes and expectations) merge silently into the one that
/// ended last. Results that disagree are an error naming every file and verdict (<see cref="DuplicatePolicy.Fail"/>), or, with
/// <see cref="DuplicatePolicy.Latest"/>, the one that ended last is kept and the conflict is recorded; a tie for the last end
/// time between disagreeing results is an error under either policy, since no result is the latest.
/// </summary>
internal static class CellMerger
{
    /// <summary>Conflicts listed in full in an error; the rest are counted.</summary>
    public const int MaxListed = 20;

    /// <summary>Throws <see cref="InvalidDataException"/> for conflicts the policy does not resolve.</summary>
    public static (IReadOnlyList<CellResult> Cells, IReadOnlyList<DuplicateCell> Duplicates) Merge(
        IReadOnlyList<(string File, CellResult Result)> inputs, DuplicatePolicy policy)
    {
        var byId = new Dictionary<string, List<(string File, CellResult Result)>>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!byId.TryGetValue(input.Result.Cell.Id, out var list)) byId[input.Result.Cell.Id] = list = [];
            list.Add(input);
        }

        var cells = new List<CellResult>(byId.Count);
        var duplicates = new List<DuplicateCell>();
        var unresolved = new List<string>();
        foreach (var id in byId.Keys.Order(StringComparer.Ordinal))
        {
            // By end time (latest first), then by file path: the same inputs give the same choice in any order.
            var results = byId[id].OrderByDescending(r => r.Result.EndedAt).ThenBy(r => r.File, StringComparer.Ordinal).ToList();
            var latest = results[0];
            cells.Add(latest.Result);
            if (results.Count == 1) continue;
            var difference = results.Skip(1).Select(r => Difference(latest.Result, r.Result)).FirstOrDefault(d => d is not null);
            if (difference is null) continue; // identical verdicts: merged silently

            var tie = results.Any(r => r.Result.EndedAt == latest.Result.EndedAt && Difference(latest.Result, r.Result) is not null);
            var byFile = results.OrderBy(r => r.File, StringComparer.Ordinal)
                .Select(r => new DuplicateInput(r.File, r.Result.Status, Verdict(r.Result), r.Result.EndedAt, policy == DuplicatePolicy.Latest && !tie && ReferenceEquals(r.Result, latest.Result)))
                .ToList();
            var duplicate = new DuplicateCell(id, policy, difference, byFile);
            if (policy == DuplicatePolicy.Latest && !tie) duplicates.Add(duplicate);
            else unresolved.Add(Describe(duplicate, tie && policy == DuplicatePolicy.Latest));
        }

        if (unresolved.Count > 0)
        {
            var listed = string.Join("\n", unresolved.Take(MaxListed));
            var more = unresolved.Count > MaxListed ? $"\n  +{unresolved.Count - MaxListed} more" : "";
            throw new InvalidDataException(
                $"{unresolved.Count} cell id(s) have conflicting results in the inputs (the same cell with different verdicts):\n{listed}{more}\n" +
                (policy == DuplicatePolicy.Fail
                    ? "choose with --on-duplicate latest (keep the result that ended last) or remove the stale file(s); --on-duplicate takes latest or fail"
                    : "remove the stale file(s): results that ended at the same time leave no latest one to keep"));
        }

        return (cells, duplicates);
    }

    /// <summary>Where two results of one cell first differ in verdict, or null when they agree.</summary>
    public static string? Difference(CellResult a, CellResult b)
    {
        if (a.Status != b.Status) return $"status {CheckRows.Status(a.Status)} vs {CheckRows.Status(b.Status)}";
        var x = CheckRows.Checks(a).ToList();
        var y = CheckRows.Checks(b).ToList();
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            var (p, q) = (x[i], y[i]);
            if (p.Family != q.Family || p.Check.Id != q.Check.Id) return $"check {p.Family}.{p.Check.Id} vs {q.Family}.{q.Check.Id}";
            var (s, t) = (CheckState.Of(p.Check), CheckState.Of(q.Check));
            if (s != t) return $"{p.Family}.{p.Check.Id}: {s} vs {t}";
        }

        return x.Count == y.Count ? null : $"{x.Count} vs {y.Count} checks";
    }

    /// <summary><c>fail: 204 checks, 2 failed, 20 unsupported</c>, or the status and reason for a cell without checks.</summary>
    public static string Verdict(CellResult cell)
    {
        var counts = CheckCounts.Of(CheckRows.Checks(cell).Select(c => c.Check));
        var status = CheckRows.Status(cell.Status);
        return counts.Total == 0
            ? status + (cell.Reason is null ? "" : $": {cell.Reason}")
            : $"{status}: {counts.Total} checks, {counts.Fail} failed, {counts.Unsupported} unsupported" + (counts.Error > 0 ? $", {counts.Error} error" : "");
    }

    /// <summary>The policy as <c>--on-duplicate</c> spells it.</summary>
    public static string PolicyName(DuplicatePolicy policy) => policy == DuplicatePolicy.Latest ? "latest" : "fail";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Describe(DuplicateCell duplicate, bool tie) =>
        $"  {duplicate.CellId} ({duplicate.Difference}{(tie ? "; the latest results ended at the same time" : "")}):\n" +
        string.Join("\n", duplicate.Inputs.Select(i => $"    {i.File}: {i.Verdict}, ended {Time(i.EndedAt)}"));
}
