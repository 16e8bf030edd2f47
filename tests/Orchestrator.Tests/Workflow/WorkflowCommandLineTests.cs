using System.CommandLine;
using System.Text.RegularExpressions;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Tests.Workflow.Local;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Workflow;

/// <summary>Every <c>matrix</c> command line in the workflows and the action names a subcommand and options that exist.</summary>
public sealed partial class WorkflowCommandLineTests
{
    /// <summary>(file, step, subcommand path, options) of every <c>"$MATRIX" ...</c> invocation.</summary>
    private static List<(string File, string Step, IReadOnlyList<string> Command, IReadOnlyList<string> Options)> Invocations()
    {
        var found = new List<(string, string, IReadOnlyList<string>, IReadOnlyList<string>)>();
        foreach (var file in ActionFiles.All)
        {
            foreach (var (step, script) in ActionFiles.RunScripts(file))
            {
                var lines = script.Split('\n');
                foreach (var line in lines)
                {
                    var m = Invocation().Match(line);
                    if (!m.Success) continue;
                    var words = m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var command = Resolve(words.TakeWhile(w => Word().IsMatch(w)).ToList());
                    var options = Option().Matches(m.Groups[1].Value).Select(o => o.Groups[1].Value).ToList();
                    // Options built into an array that the line expands: cells+=(--cell "$id") ... "${cells[@]}".
                    foreach (Match expanded in Expanded().Matches(m.Groups[1].Value))
                    {
                        var name = expanded.Groups[1].Value;
                        foreach (var assignment in lines.Where(l => Regex.IsMatch(l, $@"\b{name}\+?=\(")))
                        {
                            options.AddRange(Option().Matches(assignment).Select(o => o.Groups[1].Value));
                        }
                    }

                    found.Add((Path.GetRelativePath(RepoPaths.Root, file), step, command, options));
                }
            }
        }

        return found;
    }

    /// <summary>The longest prefix of <paramref name="words"/> that names nested subcommands (the rest are arguments).</summary>
    private static List<string> Resolve(List<string> words)
    {
        Command command = MatrixCommandLine.Create();
        var path = new List<string>();
        foreach (var word in words)
        {
            var sub = command.Subcommands.SingleOrDefault(c => c.Name == word);
            if (sub is null) break;
            path.Add(word);
            command = sub;
        }

        return path;
    }

    [Fact]
    public void The_workflows_and_the_action_call_plan_run_report_doctor_kernels_list_and_version()
    {
        var commands = Invocations().Select(i => string.Join(' ', i.Command)).ToHashSet();
        Assert.Superset(new HashSet<string> { "plan", "run", "report", "doctor", "kernels list", "" }, commands);
    }

    [Fact]
    public void Every_subcommand_and_option_the_workflows_use_exists_in_matrix()
    {
        var root = MatrixCommandLine.Create();
        var invocations = Invocations();
        Assert.NotEmpty(invocations);
        foreach (var (file, step, path, options) in invocations)
        {
            Command command = root;
            foreach (var name in path)
            {
                command = command.Subcommands.SingleOrDefault(c => c.Name == name)
                    ?? throw new Xunit.Sdk.XunitException($"{file}, step '{step}': matrix has no subcommand '{string.Join(' ', path)}'");
            }

            var known = command.Options.Concat(root.Options.Where(o => o.Recursive || command == root))
                .SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var option in options)
            {
                Assert.True(known.Contains(option), $"{file}, step '{step}': `matrix {string.Join(' ', path)}` has no option {option} (it has {string.Join(", ", known.Order())})");
            }
        }
    }

    [Fact]
    public void The_plans_github_grouping_offers_kernel_and_cell()
    {
        var root = MatrixCommandLine.Create();
        Assert.Empty(root.Parse(["plan", "--format", "github", "--group", "kernel"]).Errors);
        Assert.Empty(root.Parse(["plan", "--format", "github", "--group", "cell"]).Errors);
        Assert.NotEmpty(root.Parse(["plan", "--format", "github", "--group", "backend"]).Errors);
    }

    [GeneratedRegex(@"""\$MATRIX""((?: [^|;&>]*)?)")]
    private static partial Regex Invocation();

    [GeneratedRegex(@"^[a-z]+$")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<![\w-])(--[a-z][a-z-]*)")]
    private static partial Regex Option();

    [GeneratedRegex(@"""\$\{(\w+)\[@\]\}""")]
    private static partial Regex Expanded();
}
