using MptcpMatrix.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Tests.Workflow.Local;

/// <summary>The repository's GitHub Actions files and the shell scripts of their steps.</summary>
public static class ActionFiles
{
    public static IReadOnlyList<string> All { get; } =
    [
        .. Directory.GetFiles(Path.Combine(RepoPaths.Root, ".github", "workflows"), "*.yml").Order(StringComparer.Ordinal),
        Path.Combine(RepoPaths.Root, "action.yml"),
    ];

    /// <summary>(step name, script) of every <c>run:</c> step, in file order.</summary>
    public static IEnumerable<(string Step, string Run)> RunScripts(string file)
    {
        var root = LocalWorkflow.Load(file);
        var stepLists = LocalWorkflow.Map(root, "jobs") is { } jobs
            ? jobs.Children.Values.Cast<YamlMappingNode>().Select(j => (YamlSequenceNode)j["steps"])
            : [(YamlSequenceNode)LocalWorkflow.Map(root, "runs")!["steps"]];
        foreach (var steps in stepLists)
        {
            foreach (var step in steps.Children.Cast<YamlMappingNode>())
            {
                if (LocalWorkflow.Scalar(step, "run") is { } run) yield return (LocalWorkflow.Scalar(step, "name") ?? LocalWorkflow.Scalar(step, "id") ?? "run", run);
            }
        }
    }
}
