using System.Text.RegularExpressions;
using MptcpMatrix.Orchestrator.Tests.Workflow.Local;
using MptcpMatrix.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Tests.Workflow;

/// <summary>The shape and hygiene of the workflows and the action (what they do is run by <see cref="WorkflowFanOutTests"/>).</summary>
public sealed partial class GithubWorkflowTests
{
    private static string Matrix => Path.Combine(RepoPaths.Root, ".github", "workflows", "matrix.yml");

    /// <summary>Every workflow and action file of the repository.</summary>
    public static TheoryData<string> Files() => new(ActionFiles.All.Select(f => Path.GetRelativePath(RepoPaths.Root, f)));

    private static YamlMappingNode Jobs() => LocalWorkflow.Map(LocalWorkflow.Load(Matrix), "jobs")!;

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>();

    private static string Runs(YamlMappingNode job) => string.Join("\n", Steps(job).Select(s => LocalWorkflow.Scalar(s, "run") ?? ""));

    [Fact]
    public void The_workflow_plans_fans_out_one_job_per_kernel_and_reports()
    {
        var jobs = Jobs();
        Assert.Equal(["plan", "run", "browser", "report"], jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Contains("\"$MATRIX\" plan --config \"$MATRIX_FILE\" --format github --group \"$GROUP\"", Runs((YamlMappingNode)jobs["plan"]));
        Assert.Contains(".mptcpmatrix/scripts/build-agent.sh", Runs((YamlMappingNode)jobs["plan"]));

        var run = (YamlMappingNode)jobs["run"];
        var strategy = (YamlMappingNode)run["strategy"];
        Assert.Equal("false", ((YamlScalarNode)strategy["fail-fast"]).Value);
        Assert.Equal("${{ fromJSON(needs.plan.outputs.matrix) }}", ((YamlScalarNode)strategy["matrix"]).Value);
        Assert.DoesNotContain("build-agent", Runs(run));
        Assert.Contains("\"$MATRIX\" run --config \"$MATRIX_FILE\" \"${cells[@]}\" --out \"results/$JOB_ID\"", Runs(run));

        var report = (YamlMappingNode)jobs["report"];
        Assert.Equal("${{ !cancelled() && needs.plan.result == 'success' }}", ((YamlScalarNode)report["if"]).Value);
        Assert.Contains("\"$MATRIX\" report all --out report", Runs(report));
        Assert.Contains("$GITHUB_STEP_SUMMARY", Runs(report));
    }

    [Fact]
    public void The_workflow_runs_on_push_pull_requests_nightly_on_dispatch_with_inputs_and_when_called()
    {
        var on = LocalWorkflow.Map(LocalWorkflow.Load(Matrix), "on")!;
        Assert.Equal(["push", "pull_request", "schedule", "workflow_dispatch", "workflow_call"], on.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var dispatch = LocalWorkflow.Map(LocalWorkflow.Map(on, "workflow_dispatch"), "inputs")!;
        var call = LocalWorkflow.Map(LocalWorkflow.Map(on, "workflow_call"), "inputs")!;
        foreach (var input in new[] { "matrix-file", "filter", "group" })
        {
            Assert.True(dispatch.Children.ContainsKey(new YamlScalarNode(input)), input);
            Assert.True(call.Children.ContainsKey(new YamlScalarNode(input)), input);
        }

        var text = File.ReadAllText(Matrix);
        Assert.Contains("cancel-in-progress: ${{ github.event_name == 'pull_request' }}", text);
        Assert.Matches(@"- cron: ""\d+ \d+ \* \* \*""", text);
    }

    [Fact]
    public void The_browser_job_runs_the_report_page_tests_and_uploads_their_screenshots_even_when_they_fail()
    {
        var browser = (YamlMappingNode)Jobs()["browser"];
        Assert.Contains("github.event_name != 'workflow_call'", LocalWorkflow.Scalar(browser, "if"));
        Assert.Contains("!inputs.tool-repository", LocalWorkflow.Scalar(browser, "if"));
        Assert.Contains("tests/Browser.Tests/bin/Release/net10.0/MptcpMatrix.Browser.Tests", Runs(browser));
        var upload = Steps(browser).Single(s => LocalWorkflow.Scalar(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("always()", LocalWorkflow.Scalar(upload, "if"));
        var with = (YamlMappingNode)upload["with"];
        Assert.Equal("artifacts/browser/*.png", ((YamlScalarNode)with["path"]).Value);
        Assert.Equal("error", ((YamlScalarNode)with["if-no-files-found"]).Value);
    }

    [Fact]
    public void No_job_starts_with_a_hard_kvm_device_and_kvm_comes_from_the_udev_rule_with_the_tools_own_probe_deciding()
    {
        foreach (var file in ActionFiles.All)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("--device /dev/kvm", text);
            Assert.DoesNotContain("container:", text);
        }

        var kvm = Steps((YamlMappingNode)Jobs()["run"]).Single(s => LocalWorkflow.Scalar(s, "id") == "kvm");
        Assert.Contains("KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"", LocalWorkflow.Scalar(kvm, "run"));
        Assert.Contains("if [ -e /dev/kvm ]", LocalWorkflow.Scalar(kvm, "run"));
    }

    [Fact]
    public void The_kernel_cache_is_restored_per_kernel_and_saved_under_a_key_of_the_resolved_packages()
    {
        var steps = Steps((YamlMappingNode)Jobs()["run"]).ToList();
        var restore = steps.Single(s => LocalWorkflow.Scalar(s, "id") == "kernels-restore");
        Assert.Equal("actions/cache/restore@0057852bfaa89a56745cba8c7296529d2fc39830", LocalWorkflow.Scalar(restore, "uses"));
        var key = steps.Single(s => LocalWorkflow.Scalar(s, "id") == "kernels-key");
        Assert.Contains("\"$MATRIX\" kernels list", LocalWorkflow.Scalar(key, "run"));
        var save = steps.Single(s => LocalWorkflow.Scalar(s, "uses")?.StartsWith("actions/cache/save@", StringComparison.Ordinal) == true);
        Assert.Equal("actions/cache/save@0057852bfaa89a56745cba8c7296529d2fc39830", LocalWorkflow.Scalar(save, "uses"));
        Assert.Contains("steps.kernels-restore.outputs.cache-matched-key", LocalWorkflow.Scalar(save, "if"));
        Assert.True(steps.IndexOf(restore) < steps.IndexOf(key) && steps.IndexOf(key) < steps.IndexOf(save));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_action_is_pinned_by_commit_sha_with_its_version_in_a_comment(string file)
    {
        var uses = File.ReadAllLines(Path.Combine(RepoPaths.Root, file)).Where(l => Uses().IsMatch(l)).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, l => Assert.Matches(@"uses: [\w-]+/[\w-]+(/[\w-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$", l));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_shell_script_interpolates_an_expression_values_reach_it_through_env(string file)
    {
        foreach (var (step, run) in ActionFiles.RunScripts(Path.Combine(RepoPaths.Root, file)))
        {
            Assert.False(run.Contains("${{", StringComparison.Ordinal), $"{file}: step '{step}' interpolates an expression into shell");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Permissions_are_least_and_artifacts_are_v4_with_unique_names(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        if (file.StartsWith(".github", StringComparison.Ordinal))
        {
            Assert.Contains("permissions:\n  contents: read\n", text);
            Assert.DoesNotContain("write-all", text);
            Assert.DoesNotContain("contents: write", text.Replace("  publish:", "\0", StringComparison.Ordinal).Split('\0')[0]);
        }

        foreach (Match m in Regex.Matches(text, @"actions/(upload|download)-artifact@[0-9a-f]{40} # v(\d+)")) Assert.True(int.Parse(m.Groups[2].Value) >= 4, m.Value);
        var names = Regex.Matches(text, @"upload-artifact@.*\n(?:.*\n)*?\s+name: (.+)").Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
    }

    [Fact]
    public void Dependabot_keeps_the_pinned_actions_and_the_nuget_packages_current()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "dependabot.yml"));
        Assert.Contains("package-ecosystem: github-actions", text);
        Assert.Contains("package-ecosystem: nuget", text);
    }

    [GeneratedRegex(@"^\s*(- )?uses: ")]
    private static partial Regex Uses();
}
