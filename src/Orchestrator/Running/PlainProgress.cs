using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>CI progress: one timestamped line per event; with GitHub Actions, each finished cell's details in a <c>::group::</c>.</summary>
internal sealed class PlainProgress(TextWriter output, bool githubGroups) : IProgressView
{
    private readonly Lock gate = new();
    private int total;
    private int done;
    private readonly Dictionary<string, CellStage> stages = new(StringComparer.Ordinal);

    public async Task RunAsync(IReadOnlyList<CellSpec> cells, Func<Task> work)
    {
        total = cells.Count;
        Write($"{cells.Count} cell(s) to run");
        await work().ConfigureAwait(false);
    }

    public void Stage(string cellId, CellStage stage)
    {
        if (stage is CellStage.Queued or CellStage.Done) return;
        lock (gate)
        {
            // Backends and the runner may both announce a stage; print each change once.
            if (stages.TryGetValue(cellId, out var last) && last == stage) return;
            stages[cellId] = stage;
        }

        Write($"{cellId}: {stage.ToString().ToLowerInvariant()}");
    }

    public void Retrying(string cellId, int retry, string reason)
    {
        lock (gate) stages.Remove(cellId); // the retry's stages are printed again
        Write($"{cellId}: retry {retry}: {FirstLine(reason)}");
    }

    public void Finished(CellResult result)
    {
        lock (gate)
        {
            done++;
            // A pass with unexpected outcomes (an unexplained unsupported check, a backport) says so on its line.
            var unexpected = result.Status == CellStatus.Pass ? Reporting.CellSummary.Of(result).Unexpected : null;
            var line = $"{result.Cell.Id}: {Status(result.Status)}{(unexpected is null ? "" : $" (unexpected: {unexpected})")} in {Durations.Format(result.EndedAt - result.StartedAt)} [{done}/{total}]" +
                (result.Reason is null ? "" : $" - {FirstLine(result.Reason)}");
            var failed = result.Agent?.Families.SelectMany(f => f.Checks.Where(c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Error)
                .Select(c => $"{f.Family} {c.Id}: {c.Outcome.ToString().ToLowerInvariant()} expected {c.Expected ?? "-"} observed {c.Observed ?? "-"}")).ToList() ?? [];
            if (githubGroups)
            {
                output.WriteLine($"::group::{Stamp()} {line}");
                if (result.Reason is { } reason && reason.Contains('\n', StringComparison.Ordinal)) output.WriteLine(reason);
                foreach (var f in failed) output.WriteLine(f);
                foreach (var log in result.Logs) output.WriteLine("log: " + log);
                output.WriteLine("::endgroup::");
            }
            else
            {
                output.WriteLine($"{Stamp()} {line}");
                foreach (var f in failed.Take(20)) output.WriteLine("    " + f);
            }

            output.Flush();
        }
    }

    public void Note(string message) => Write(message);

    public static string Status(CellStatus status) => status switch
    {
        CellStatus.InfraError => "infra-error",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline] + " (...)";
    }

    private void Write(string message)
    {
        lock (gate)
        {
            output.WriteLine($"{Stamp()} {message}");
            output.Flush();
        }
    }

    private static string Stamp() => DateTimeOffset.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
