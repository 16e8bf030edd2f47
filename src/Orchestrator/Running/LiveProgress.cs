using System.Diagnostics;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>Terminal progress: a live table of cells (queued / booting / running / verdict) with durations.</summary>
internal sealed class LiveProgress(IAnsiConsole console) : IProgressView
{
    private const int MaxRows = 30;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Row> rows = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly List<string> notes = [];

    public async Task RunAsync(IReadOnlyList<CellSpec> cells, Func<Task> work)
    {
        lock (gate)
        {
            foreach (var cell in cells)
            {
                rows[cell.Id] = new Row();
                order.Add(cell.Id);
            }
        }

        var live = console.Live(Render()).AutoClear(false);
        // A terminal that reports no usable height (0 rows: TERM=dumb, some CI ptys) makes Spectre's cropping throw;
        // the table is bounded by MaxRows anyway, so let it overflow there instead.
        if (console.Profile.Height < MaxRows / 2) live = live.Overflow(VerticalOverflow.Visible);
        await live.StartAsync(async ctx =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                ctx.UpdateTarget(Render());
                await Task.WhenAny(task, Task.Delay(250)).ConfigureAwait(false);
            }

            ctx.UpdateTarget(Render());
            await task.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public void Stage(string cellId, CellStage stage)
    {
        lock (gate)
        {
            if (!rows.TryGetValue(cellId, out var row)) return;
            row.Stage = stage;
            if (stage != CellStage.Queued && !row.Clock.IsRunning && row.Result is null) row.Clock.Start();
        }
    }

    public void Retrying(string cellId, int retry, string reason)
    {
        lock (gate)
        {
            if (!rows.TryGetValue(cellId, out var row)) return;
            var line = reason.Split('\n')[0];
            row.Retry = $"retry {retry}: {(line.Length > 60 ? line[..57] + "..." : line)}";
        }
    }

    public void Finished(CellResult result)
    {
        lock (gate)
        {
            if (!rows.TryGetValue(result.Cell.Id, out var row)) return;
            row.Result = result;
            row.Stage = CellStage.Done;
            row.Clock.Stop();
        }
    }

    public void Note(string message)
    {
        lock (gate) notes.Add(message);
    }

    private IRenderable Render()
    {
        lock (gate)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Cell").AddColumn("State").AddColumn(new TableColumn("Time").RightAligned());
            // Active cells first, then the newest finished ones, then queued: the view stays bounded for large matrices.
            var active = order.Where(id => rows[id].Result is null && rows[id].Stage != CellStage.Queued);
            var finished = order.Where(id => rows[id].Result is not null);
            var queued = order.Where(id => rows[id].Result is null && rows[id].Stage == CellStage.Queued);
            var shown = active.Concat(finished.Reverse()).Concat(queued).Take(MaxRows).ToList();
            foreach (var id in shown)
            {
                var row = rows[id];
                table.AddRow(new Markup(Markup.Escape(id)), new Markup(State(row)),
                    new Text(row.Clock.Elapsed == TimeSpan.Zero ? "" : Durations.Format(row.Clock.Elapsed)));
            }

            var counts = order.GroupBy(id => rows[id].Result is { } r ? PlainProgress.Status(r.Status) : rows[id].Stage.ToString().ToLowerInvariant())
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}");
            table.Caption($"{finished.Count()}/{order.Count} done  ({string.Join(", ", counts)})" +
                (order.Count > shown.Count ? $"  - {order.Count - shown.Count} more not shown" : ""));
            var items = new List<IRenderable> { table };
            items.AddRange(notes.TakeLast(5).Select(n => new Markup("[grey]" + Markup.Escape(n) + "[/]")));
            return new Rows(items);
        }
    }

    private static string State(Row row) =>
        row.Result is null && row.Retry is { } retry ? $"{StageOrVerdict(row)} [yellow]({Markup.Escape(retry)})[/]" : StageOrVerdict(row);

    private static string StageOrVerdict(Row row) => row.Result?.Status switch
    {
        CellStatus.Pass => "[green]pass[/]",
        CellStatus.Fail => "[red]fail[/]",
        CellStatus.Unsupported => "[blue]unsupported[/]",
        CellStatus.Untestable => "[blue]untestable[/]",
        CellStatus.InfraError => "[yellow]infra-error[/]",
        CellStatus.Skipped => "[grey]skipped[/]",
        _ => row.Stage switch
        {
            CellStage.Queued => "[grey]queued[/]",
            CellStage.Preparing => "preparing",
            CellStage.Booting => "[aqua]booting[/]",
            CellStage.Running => "[aqua]running[/]",
            _ => row.Stage.ToString().ToLowerInvariant(),
        },
    };

    private sealed class Row
    {
        public CellStage Stage { get; set; } = CellStage.Queued;
        public Stopwatch Clock { get; } = new();
        public CellResult? Result { get; set; }

        /// <summary>"retry N: reason" while a retried batch runs again.</summary>
        public string? Retry { get; set; }
    }
}
