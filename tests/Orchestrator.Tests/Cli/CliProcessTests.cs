using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CliWrap;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Cli;

/// <summary>The CLI as separate processes with a fake agent: what GitHub Actions and a user at a terminal do.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakeAgent agent = new("pass");

    public void Dispose()
    {
        agent.Dispose();
        dir.Dispose();
    }

    private string Matrix(string variants, string families = "[ipv4, ipv6]") =>
        dir.File("matrix.yml", $"kernels: [{{name: host, source: host}}]\nbackends: [host]\nfamilies: {families}\nsysctls: {variants}\nparallel: 1\nretries: 0\ntimeout: 60\n");

    [Fact]
    public async Task A_github_style_fan_out_runs_each_cell_in_its_own_process_and_merges_the_reports()
    {
        Requires.Root();
        Matrix("[{name: default}, {name: off, values: {net.mptcp.enabled: 0}}, {name: broken}]");
        agent.ModeFor("off", "unsupported");
        agent.ModeFor("broken", "fail");

        // Job "plan": the matrix for strategy.matrix, one job per cell on request.
        var (planExit, planOut, planErr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "plan", "--format", "github", "--group", "cell");
        Assert.True(planExit == 0, planErr);
        Assert.Single(planOut.Trim().Split('\n'));
        using var matrix = JsonDocument.Parse(planOut);
        var entries = matrix.RootElement.GetProperty("include").EnumerateArray().ToList();
        Assert.Equal(6, entries.Count);
        Assert.All(entries, e => Assert.Equal(["id", "kernel", "backend", "cells", "count", "family", "variant"], e.EnumerateObject().Select(p => p.Name)));
        Assert.All(entries, e => Assert.Equal(e.GetProperty("id").GetString(), e.GetProperty("cells").GetString()));

        // Jobs "cell": one process per cell, each into its own directory (as uploaded artifacts).
        var jobs = entries.Select(async e =>
        {
            var id = e.GetProperty("id").GetString()!;
            var (exit, _, err) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--cell", id, "--out", Path.Combine("artifacts", id));
            return (id, e.GetProperty("variant").GetString(), exit, err);
        }).ToList();
        foreach (var (id, variant, exit, err) in await Task.WhenAll(jobs))
        {
            Assert.True(exit == (variant == "broken" ? 1 : 0), $"{id}: exit {exit}: {err}");
            Assert.True(File.Exists(Path.Combine(dir.Path, "artifacts", id, "cells", id + ".json")), id);
        }

        // Job "report": everything merged from the downloaded artifacts.
        var (reportExit, reportOut, reportErr) = await MatrixCli.RunAsync(dir.Path, null, "report", "artifacts", "--out", "merged");
        Assert.True(reportExit == 1, reportErr);
        Assert.Contains("6 cells: 2 pass, 2 fail, 2 unsupported", reportOut);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "merged", "report.json")));
        var statuses = report.RootElement.GetProperty("cells").EnumerateArray()
            .ToDictionary(c => c.GetProperty("cell").GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(entries.Select(e => e.GetProperty("id").GetString()!).Order(), statuses.Keys.Order());
        Assert.Equal("fail", statuses["host-host-ipv6-broken"]);
        Assert.Equal("unsupported", statuses["host-host-ipv4-off"]);
        Assert.Equal("pass", statuses["host-host-ipv4-default"]);
        Assert.Equal(6, XDocument.Load(Path.Combine(dir.Path, "merged", "junit.xml")).Root!.Elements("testsuite").Count());
        Assert.Contains("### host-host-ipv4-broken", File.ReadAllText(Path.Combine(dir.Path, "merged", "summary.md")));
        Assert.Equal(6, agent.Invocations.Count);
    }

    [Fact]
    public async Task A_killed_run_leaves_finished_cells_and_a_partial_marker_and_resume_runs_only_what_is_missing()
    {
        Requires.Root();
        Matrix("[{name: a}, {name: b}, {name: c}, {name: d}, {name: e}]", "[ipv4]");
        agent.ModeFor("c", "hang");
        var run = MatrixCli.Command(dir.Path, agent.Dir, "run", "--out", "out", "--filter", "variant=a", "--filter", "variant=b", "--filter", "variant=c", "--filter", "variant=d")
            .ExecuteAsync(TestContext.Current.CancellationToken);
        try
        {
            await Wait.Until(() => agent.HangingPids.Count == 1, TimeSpan.FromSeconds(60), "cell c's agent to start");
            Assert.Equal(0, MatrixCli.Kill(run.ProcessId, MatrixCli.SigKill));
            await run;
        }
        finally
        {
            foreach (var pid in agent.HangingPids) MatrixCli.Kill(pid, MatrixCli.SigKill); // SIGKILL leaves the child orphaned, as a crash would
        }

        var outDir = Path.Combine(dir.Path, "out");
        Assert.True(ResultStore.ReadManifest(outDir)!.Partial);
        Assert.Equal(["host-host-ipv4-a", "host-host-ipv4-b"], ResultStore.FinishedIds(outDir).Order());

        agent.ModeFor("c", "pass");
        var before = agent.Invocations.Count;
        // No --filter: resume takes the interrupted run's selection (a-d) from run.json, not the whole file (e).
        var (exit, stdout, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--resume", "--out", "out");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Equal(["--variant c", "--variant d"], agent.Invocations.Skip(before).Select(l => l[l.IndexOf("--variant", StringComparison.Ordinal)..].Split(' ').Take(2)).Select(p => string.Join(' ', p)));
        Assert.False(ResultStore.ReadManifest(outDir)!.Partial);
        Assert.Equal(4, ResultStore.FinishedIds(outDir).Count);
        Assert.Contains("4 cells: 4 pass", stdout);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_run_kills_the_agent_keeps_finished_cells_and_exits_130()
    {
        Requires.Root();
        Matrix("[{name: a}, {name: b}, {name: c}]", "[ipv4]");
        agent.ModeFor("b", "hang");
        var stderr = new StringBuilder();
        var run = MatrixCli.Command(dir.Path, agent.Dir, "run", "--out", "out").WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr)).ExecuteAsync(TestContext.Current.CancellationToken);
        await Wait.Until(() => agent.HangingPids.Count == 1, TimeSpan.FromSeconds(60), "cell b's agent to start");
        var hanging = agent.HangingPids[0];
        Assert.Equal(0, MatrixCli.Kill(run.ProcessId, MatrixCli.SigInt));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await run.Task.WaitAsync(bound.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.False(Wait.Alive(hanging), "the hanging agent must be killed");
        var outDir = Path.Combine(dir.Path, "out");
        var manifest = ResultStore.ReadManifest(outDir)!;
        Assert.True(manifest.Partial);
        Assert.True(manifest.Interrupted);
        Assert.Equal(["host-host-ipv4-a"], ResultStore.FinishedIds(outDir));
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains("matrix run --resume --out out", stderr.ToString());
        Assert.Single(agent.Invocations, l => l.Contains("--variant c", StringComparison.Ordinal) is false && l.Contains("--variant b", StringComparison.Ordinal));
        Assert.DoesNotContain(agent.Invocations, l => l.Contains("--variant c", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_matrix_file_exits_2_naming_file_line_and_column_and_runs_nothing()
    {
        dir.File("matrix.yml", "kernels:\n  - {name: host, source: host}\nbackend: [host]\n");
        var (exit, stdout, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run");
        Assert.Equal(2, exit);
        Assert.Contains("matrix.yml:3:1: unknown key 'backend'", stderr);
        Assert.Contains("valid keys: kernels, families, backends", stderr);
        Assert.Empty(agent.Invocations);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")));
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task A_github_plan_past_256_jobs_is_a_clear_error_and_grouped_by_kernel_it_is_one_job()
    {
        dir.File("matrix.yml", "kernels: [{name: host, source: host}]\nrepeat: 100\nsysctls: [{name: a}, {name: b}]\n");
        var (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, null, "plan", "--format", "github", "--group", "cell");
        Assert.Equal(2, exit);
        Assert.Contains("the plan has 400 jobs (400 cells, --group cell) but a GitHub Actions matrix runs at most 256 jobs; use --group kernel", stderr);
        var (kernelExit, kernelJson, kernelErr) = await MatrixCli.RunAsync(dir.Path, null, "plan", "--format", "github");
        Assert.True(kernelExit == 0, kernelErr);
        var job = Assert.Single(JsonDocument.Parse(kernelJson).RootElement.GetProperty("include").EnumerateArray());
        Assert.Equal(400, job.GetProperty("count").GetInt32());
        var (jsonExit, json, _) = await MatrixCli.RunAsync(dir.Path, null, "plan", "--format", "json");
        Assert.Equal(0, jsonExit);
        Assert.Equal(400, JsonDocument.Parse(json).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_dry_run_shows_the_batches_and_starts_nothing()
    {
        Matrix("[{name: a}]");
        var (exit, stdout, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--dry-run", "--filter", "family=ipv6");
        Assert.True(exit == 0, stderr);
        Assert.Contains("host-host-ipv6-a", stdout);
        Assert.DoesNotContain("host-host-ipv4-a", stdout);
        Assert.Contains("dry run: 1 cells in 1 batches; nothing was started", stdout);
        Assert.Empty(agent.Invocations);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")));
    }

    [Fact]
    public async Task A_run_with_the_last_runs_report_as_baseline_says_what_regressed_since()
    {
        Requires.Root();
        Matrix("[{name: default}]", families: "[ipv4]");
        var (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--out", "last");
        Assert.True(exit == 0, stderr);

        agent.Mode = "fail";
        (exit, var stdout, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--out", "now", "--baseline", "last/report.json");
        Assert.True(exit == 1, stderr);
        Assert.Contains("/last/report.json: 2 regression,", stdout);
        Assert.Contains("host-host-ipv4-default ipv4.client.initial.tcpinfo.size_user: pass -> fail", stdout);
        var html = File.ReadAllText(Path.Combine(dir.Path, "now", "report.html"));
        Assert.Contains("<a href=\"#baseline\">vs baseline</a>", html);
    }

    [Theory]
    [InlineData("--baseline results/nothing/report.json", "--baseline results/nothing/report.json: no such file")]
    [InlineData("--fail-on regression", "--fail-on chooses which baseline changes fail the run; it needs --baseline REPORT.json")]
    public async Task A_missing_baseline_or_a_fail_on_without_one_exits_2_before_any_cell_runs(string options, string error)
    {
        Matrix("[{name: a}]");
        var (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, ["run", .. options.Split(' ')]);
        Assert.True(exit == 2, stderr);
        Assert.Contains(error, stderr);
        Assert.Empty(agent.Invocations);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")));
    }

    [Fact]
    public async Task An_unknown_cell_id_filter_key_or_option_exits_2()
    {
        Matrix("[{name: a}]");
        var (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--cell", "host-host-ipv4-zzz");
        Assert.Equal(2, exit);
        Assert.Contains("unknown cell id(s): host-host-ipv4-zzz", stderr);
        (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--filter", "arch=x86");
        Assert.Equal(2, exit);
        Assert.Contains("unknown key 'arch'", stderr);
        (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--paralel", "2");
        Assert.Equal(2, exit);
        Assert.Contains("error: Unrecognized command or argument '--paralel'", stderr);
        Assert.Contains("see: matrix run --help", stderr);
        Assert.Empty(agent.Invocations);
    }
}
