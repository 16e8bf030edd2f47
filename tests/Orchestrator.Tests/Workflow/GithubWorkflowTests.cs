using MptcpMatrix.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Tests.Workflow;

public sealed class GithubWorkflowTests
{
    private static YamlMappingNode Jobs()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "matrix.yml"))));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["jobs"];
    }

    private static string Runs(YamlNode job) =>
        string.Join("\n", ((YamlSequenceNode)((YamlMappingNode)job)["steps"]).Children.Cast<YamlMappingNode>()
            .Select(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? ((YamlScalarNode)run).Value : ""));

    [Fact]
    public void The_privileged_job_container_says_why_and_that_the_cell_containers_are_unprivileged()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "matrix.yml"));
        var why = text.IndexOf("# Why this job container is --privileged", StringComparison.Ordinal);
        Assert.True(why >= 0, "the cell job's container options need a comment explaining --privileged and the Docker socket");
        var comment = text[why..text.IndexOf("options: --privileged", why, StringComparison.Ordinal)];
        Assert.Contains("network namespace", comment);
        Assert.Contains("/dev/kvm", comment);
        Assert.Contains("cell containers it creates are unprivileged", comment);
    }

    [Fact]
    public void The_workflow_plans_fans_out_one_job_per_cell_and_reports()
    {
        var jobs = Jobs();
        Assert.Equal(["plan", "cell", "report"], jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Contains("./matrix \"${args[@]}\" > matrix.json", Runs(jobs["plan"]));
        Assert.Contains("args=(plan --format github)", Runs(jobs["plan"]));

        var cell = (YamlMappingNode)jobs["cell"];
        var strategy = (YamlMappingNode)cell["strategy"];
        Assert.Equal("false", ((YamlScalarNode)strategy["fail-fast"]).Value);
        Assert.Equal("${{ fromJSON(needs.plan.outputs.matrix) }}", ((YamlScalarNode)strategy["matrix"]).Value);
        Assert.Contains("scripts/build-agent.sh", Runs(cell));
        Assert.Contains("./matrix run --cell \"${{ matrix.id }}\" --out \"results/${{ matrix.id }}\"", Runs(cell));

        var report = (YamlMappingNode)jobs["report"];
        Assert.Equal("always()", ((YamlScalarNode)report["if"]).Value);
        Assert.Contains("./matrix report all --out report", Runs(report));
        Assert.Contains("$GITHUB_STEP_SUMMARY", Runs(report));
    }

    [Fact]
    public void Every_action_is_pinned_by_commit_sha()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "matrix.yml"));
        var uses = text.Split('\n').Where(l => l.Contains("uses:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, l => Assert.Matches(@"uses: [\w-]+/[\w-]+@[0-9a-f]{40}\b", l));
    }
}
