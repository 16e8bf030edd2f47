using System.Text.Json;
using System.Xml.Linq;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.Orchestrator.Tests.Workflow.Local;
using MptcpMatrix.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Tests.Workflow;

/// <summary>
/// .github/workflows/matrix.yml and action.yml executed here, step by step in their order (<see cref="LocalWorkflow"/>),
/// as a repository that holds only a matrix.yml would call them: plan with the grouping, one process tree and directory
/// per job, the artifacts in v4's download layout, the merged report and the job summary.
/// </summary>
public sealed class WorkflowFanOutTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakeAgent agent = new("pass");

    public void Dispose()
    {
        agent.Dispose();
        dir.Dispose();
    }

    private static string WorkflowFile => Path.Combine(RepoPaths.Root, ".github", "workflows", "matrix.yml");

    private string CallerRepository(string matrix)
    {
        var repository = dir.Sub("caller");
        File.WriteAllText(Path.Combine(repository, "matrix.yml"), matrix);
        return repository;
    }

    private LocalWorkflow Runner(string repository)
    {
        var runner = new LocalWorkflow(dir.Sub("runner"), repository, FakeToolCheckout.Using(agent.Dir));
        runner.Skipped.Add("apt");
        runner.Skipped.Add("kvm");
        runner.RunnerEnvironment["XDG_CACHE_HOME"] = dir.Sub("cache");
        return runner;
    }

    private const string TwoKernels =
        "kernels: [{name: host, source: host}, {name: again, source: host}]\nbackends: [host]\nfamilies: [ipv4, ipv6]\n" +
        "sysctls: [{name: default}, {name: off, values: {net.mptcp.enabled: 0}}, {name: broken}]\nparallel: 1\nretries: 0\ntimeout: 60\n";

    [Fact]
    public async Task The_reusable_workflow_plans_one_job_per_kernel_runs_each_in_its_own_directory_and_merges_the_artifacts_into_the_job_summary()
    {
        Requires.Root();
        agent.ModeFor("off", "unsupported");
        agent.ModeFor("broken", "fail");
        var runner = Runner(CallerRepository(TwoKernels));

        var jobs = await runner.RunAsync(WorkflowFile, new Dictionary<string, string> { ["tool-repository"] = "owner/MptcpMatrix" });

        Assert.Equal(["plan", "run", "run", "report"], jobs.Select(j => j.Job));
        var plan = jobs[0];
        Assert.False(plan.Failed, string.Join("\n", plan.Steps.Select(s => $"{s.Name}: {s.ExitCode} {s.Output}")));
        Assert.Contains("host: 6 cell(s)", plan.Step("Plan").Output);
        Assert.Contains("again: 6 cell(s)", plan.Step("Plan").Output);
        Assert.Contains("0.1.0", plan.Step("Build the orchestrator and the agent once").Output);

        // One job per kernel, each with its six cells, in its own workspace; the machine-setup steps are the only ones not run.
        var runs = jobs.Where(j => j.Job == "run").ToList();
        Assert.Equal(["again", "host"], runs.Select(r => r.Matrix["id"]).Order());
        Assert.All(runs, r => Assert.Equal("6", r.Matrix["count"]));
        Assert.Equal(2, runs.Select(r => r.Workspace).Distinct().Count());
        foreach (var run in runs)
        {
            Assert.Equal(["apt", "kvm"], run.Steps.Where(s => s.Ran.StartsWith("not run", StringComparison.Ordinal)).Select(s => s.Name == "Install the backends' packages" ? "apt" : "kvm"));
            var step = run.Step("Run the cells");
            Assert.True(step.ExitCode == 1, step.Output);
            Assert.Contains("::error", step.Output);
            Assert.Equal("action: upload-artifact mptcpmatrix-results-" + run.Matrix["id"], run.Step("Upload the results").Ran);
            Assert.Equal(6, Directory.GetFiles(Path.Combine(run.Workspace, "results", run.Matrix["id"], "cells"), "*.json").Length);
            Assert.Equal("skipped (if)", run.Step("Save the kernel cache").Ran);
        }

        // The agent ran once per cell, from the tools built in the plan job.
        Assert.Equal(12, agent.Invocations.Count);

        var report = jobs[3];
        Assert.True(report.Step("Report").ExitCode == 1, report.Step("Report").Output);
        Assert.Contains("::error", report.Step("Report").Output);
        Assert.True(Directory.Exists(Path.Combine(report.Workspace, "all", "mptcpmatrix-results-host", "cells")));
        Assert.True(Directory.Exists(Path.Combine(report.Workspace, "all", "mptcpmatrix-results-again", "cells")));
        Assert.Contains("### host-again-ipv6-broken", report.Summary);
        Assert.Contains("### host-host-ipv4-broken", report.Summary);

        var merged = runner.Artifacts["mptcpmatrix-report"];
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(merged, "report.json")));
        var statuses = json.RootElement.GetProperty("cells").EnumerateArray()
            .ToDictionary(c => c.GetProperty("cell").GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(12, statuses.Count);
        Assert.Equal("fail", statuses["host-again-ipv4-broken"]);
        Assert.Equal("unsupported", statuses["host-host-ipv6-off"]);
        Assert.Equal("pass", statuses["host-again-ipv6-default"]);
        Assert.Equal(12, XDocument.Load(Path.Combine(merged, "junit.xml")).Root!.Elements("testsuite").Count());
        Assert.True(File.Exists(Path.Combine(merged, "report.html")));
        Assert.Equal(["mptcpmatrix-report", "mptcpmatrix-results-again", "mptcpmatrix-results-host", "mptcpmatrix-tools"], runner.Artifacts.Keys.Order());
    }

    [Fact]
    public async Task Asked_for_per_cell_jobs_with_a_filter_the_workflow_runs_one_job_per_selected_cell()
    {
        Requires.Root();
        var runner = Runner(CallerRepository(TwoKernels));

        var jobs = await runner.RunAsync(WorkflowFile, new Dictionary<string, string>
        {
            ["tool-repository"] = "owner/MptcpMatrix",
            ["group"] = "cell",
            ["filter"] = "kernel=again,variant=default",
        });

        var runs = jobs.Where(j => j.Job == "run").ToList();
        Assert.Equal(["host-again-ipv4-default", "host-again-ipv6-default"], runs.Select(r => r.Matrix["id"]).Order());
        Assert.All(runs, r => Assert.Equal(0, r.Step("Run the cells").ExitCode));
        var report = jobs.Single(j => j.Job == "report");
        Assert.True(report.Step("Report").ExitCode == 0, report.Step("Report").Output);
        Assert.Contains("2 cells", report.Step("Report").Output);
        Assert.Equal(2, agent.Invocations.Count);
    }

    [Fact]
    public async Task A_caller_that_forgets_tool_repository_gets_an_error_naming_it_and_no_cell_jobs()
    {
        var runner = Runner(CallerRepository(TwoKernels));

        var jobs = await runner.RunAsync(WorkflowFile, new Dictionary<string, string> { ["tool-repository"] = "" });

        var plan = Assert.Single(jobs);
        var step = plan.Step("Build the orchestrator and the agent once");
        Assert.Equal(2, step.ExitCode);
        Assert.Contains("::error::.mptcpmatrix is not MptcpMatrix: pass tool-repository", step.Output);
    }

    [Fact]
    public async Task The_composite_action_runs_the_callers_matrix_in_one_job_and_writes_the_summary_and_one_artifact()
    {
        Requires.Root();
        agent.ModeFor("broken", "fail");
        var runner = Runner(CallerRepository(TwoKernels));
        var tool = dir.Sub("action-checkout");
        FakeToolCheckout.Using(agent.Dir)(tool);
        var stream = new YamlStream();
        // The caller's job as the README shows it: checkout, then the action (here from a local checkout of it).
        stream.Load(new StringReader($"- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n- uses: {tool}\n  with:\n    filter: kernel=host\n"));

        var job = await runner.RunStepsAsync("mptcp", (YamlSequenceNode)stream.Documents[0].RootNode);

        var step = job.Step("Run and report");
        Assert.True(step.ExitCode == 1, step.Output);
        Assert.Contains("::error", step.Output);
        Assert.Contains("### host-host-ipv4-broken", job.Summary);
        Assert.DoesNotContain("host-again", job.Summary);
        var artifact = runner.Artifacts["mptcpmatrix-report"];
        Assert.True(File.Exists(Path.Combine(artifact, "report", "report.html")));
        Assert.True(File.Exists(Path.Combine(artifact, "report", "junit.xml")));
        Assert.Equal(6, Directory.GetFiles(Path.Combine(artifact, "results", "cells"), "*.json").Length);
    }
}
