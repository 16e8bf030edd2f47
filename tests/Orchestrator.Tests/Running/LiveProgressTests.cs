using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;
using Spectre.Console;

namespace MptcpMatrix.Orchestrator.Tests.Running;

public sealed class LiveProgressTests
{
    [Fact]
    public async Task The_live_table_ends_with_every_verdict_and_the_totals()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 160;
        var passed = Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));
        var panicked = Reports.Cell(Reports.Spec("sid", "ipv4", "vm", "default"), CellStatus.InfraError, null, "kernel panic");
        var progress = new LiveProgress(console);
        await progress.RunAsync([passed.Cell, panicked.Cell], () =>
        {
            progress.Stage(passed.Cell.Id, CellStage.Booting);
            progress.Stage(passed.Cell.Id, CellStage.Running);
            progress.Finished(passed);
            progress.Stage(panicked.Cell.Id, CellStage.Booting);
            progress.Finished(panicked);
            progress.Note("resuming nothing");
            return Task.CompletedTask;
        });
        var text = output.ToString();
        var last = text[text.LastIndexOf("Cell", StringComparison.Ordinal)..];
        Assert.Contains("vm-bookworm-ipv4-default", last);
        Assert.Contains("pass", last);
        Assert.Contains("infra-error", last);
        Assert.Contains("2/2 done  (infra-error: 1, pass: 1)", last);
        Assert.Contains("resuming nothing", last);
    }

    [Fact]
    public async Task A_retried_cell_shows_its_retry_and_reason_next_to_its_stage_until_it_finishes()
    {
        var output = new StringWriter();
        var synced = TextWriter.Synchronized(output); // its methods lock the wrapper: reading under that lock is safe while the live view renders
        string Text()
        {
            lock (synced) return output.ToString();
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(synced),
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 160;
        var passed = Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));
        var progress = new LiveProgress(console);
        var release = new TaskCompletionSource();
        var shown = new TaskCompletionSource();
        var run = progress.RunAsync([passed.Cell], async () =>
        {
            progress.Stage(passed.Cell.Id, CellStage.Booting);
            progress.Retrying(passed.Cell.Id, 1, "kernel panic: Attempted to kill init!\n[ 1.98] CR2");
            progress.Stage(passed.Cell.Id, CellStage.Preparing);
            shown.SetResult();
            await release.Task;
            progress.Finished(passed);
        });
        await shown.Task;
        await Wait.Until(() => Text().Contains("preparing (retry 1: kernel panic: Attempted to kill init!)", StringComparison.Ordinal), TimeSpan.FromSeconds(10),
            "the live table to show the retry");
        release.SetResult();
        await run;
        var text = Text();
        var last = text[text.LastIndexOf("Cell", StringComparison.Ordinal)..];
        Assert.Contains("pass", last);
        Assert.DoesNotContain("retry 1", last);
        Assert.DoesNotContain("CR2", text);
    }
}
