using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Tests.Workflow.Local;

/// <summary>
/// Runs a workflow file (or a composite action) here the way GitHub's runners would: jobs in the order of their
/// <c>needs</c>, a matrix job once per entry of its evaluated <c>strategy.matrix</c>, each job instance in its own
/// directory with its own bash processes, <c>${{ }}</c> evaluated into <c>env:</c>/<c>with:</c>, $GITHUB_OUTPUT/$GITHUB_ENV/
/// $GITHUB_STEP_SUMMARY honoured, and the artifact actions simulated with v4's layout (a named download into its path, a
/// pattern download into path/&lt;artifact name&gt;/). <c>actions/checkout</c> copies the caller's repository, or (with
/// <c>repository:</c>) lays out the tool by <see cref="ToolCheckout"/>; setup-dotnet and the cache actions are recorded
/// only. Steps whose id is in <see cref="Skipped"/> (machine setup: apt, udev) are not run and say so.
/// </summary>
public sealed partial class LocalWorkflow
{
    private readonly string root;
    private readonly string callerRepository;
    private readonly ConcurrentDictionary<string, string> artifacts = new(StringComparer.Ordinal);

    public LocalWorkflow(string root, string callerRepository, Action<string> toolCheckout)
    {
        this.root = root;
        this.callerRepository = callerRepository;
        ToolCheckout = toolCheckout;
    }

    /// <summary>Lays out the tool's checkout in the given directory.</summary>
    public Action<string> ToolCheckout { get; }

    public ISet<string> Skipped { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Environment every step gets on top of this process's (GITHUB_ACTIONS=true is always set).</summary>
    public IDictionary<string, string> RunnerEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Uploaded artifacts: name to directory.</summary>
    public IReadOnlyDictionary<string, string> Artifacts => artifacts;

    public static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Runs every job of <paramref name="workflowFile"/>, triggered by workflow_call with <paramref name="inputs"/>.</summary>
    public async Task<IReadOnlyList<LocalJobRun>> RunAsync(string workflowFile, IReadOnlyDictionary<string, string> inputs)
    {
        var workflow = Load(workflowFile);
        var allInputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Map(Map(workflow, "on"), "workflow_call") is { } call && Map(call, "inputs") is { } declared)
        {
            foreach (var (key, value) in declared.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                if (Scalar((YamlMappingNode)value, "default") is { } d) allInputs[name] = d;
            }
        }

        foreach (var (k, v) in inputs) allInputs[k] = v;
        var workflowEnv = Map(workflow, "env");
        var runs = new List<LocalJobRun>();
        var results = new Dictionary<string, (string Result, Dictionary<string, string> Outputs)>(StringComparer.Ordinal);
        foreach (var (key, node) in Map(workflow, "jobs")!.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            var job = (YamlMappingNode)node;
            var needs = Needs(job);
            foreach (var need in needs)
            {
                if (!results.ContainsKey(need)) throw new InvalidOperationException($"job {name} needs {need}, which has not run before it");
            }

            string? Lookup0(string path) => Context(path, allInputs, needs.ToDictionary(n => n, n => results[n]), new Dictionary<string, string>(), null, null, null);
            var anyFailed = needs.Any(n => results[n].Result != "success");
            if (!WorkflowExpression.Condition(Scalar(job, "if"), Lookup0, anyFailed))
            {
                results[name] = ("skipped", new Dictionary<string, string>());
                continue;
            }

            var entries = new List<Dictionary<string, string>>();
            if (Map(job, "strategy") is { } strategy && Scalar(strategy, "matrix") is { } matrixExpression)
            {
                var fromJson = FromJson().Match(matrixExpression);
                if (!fromJson.Success) throw new NotSupportedException("strategy.matrix must be ${{ fromJSON(...) }} here");
                using var document = JsonDocument.Parse(WorkflowExpression.Evaluate(fromJson.Groups[1].Value, Lookup0, false) ?? "{}");
                foreach (var entry in document.RootElement.GetProperty("include").EnumerateArray())
                {
                    entries.Add(entry.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()));
                }
            }
            else
            {
                entries.Add([]);
            }

            var needResults = needs.ToDictionary(n => n, n => results[n]);
            var instances = await Task.WhenAll(entries.Select((entry, i) => RunJobAsync(name, i, job, entry, allInputs, needResults, workflowEnv)));
            runs.AddRange(instances.Select(r => r.Run));
            var outputs = instances.Length == 1 ? instances[0].Outputs : new Dictionary<string, string>();
            results[name] = (instances.Any(r => r.Run.Failed) ? "failure" : "success", outputs);
        }

        return runs;
    }

    /// <summary>Runs a single job made of <paramref name="steps"/> (e.g. a caller's job that uses the composite action).</summary>
    public async Task<LocalJobRun> RunStepsAsync(string jobName, YamlSequenceNode steps)
    {
        var job = new YamlMappingNode { { "steps", steps } };
        return (await RunJobAsync(jobName, 0, job, [], new Dictionary<string, string>(), new Dictionary<string, (string, Dictionary<string, string>)>(), null)).Run;
    }

    private async Task<(LocalJobRun Run, Dictionary<string, string> Outputs)> RunJobAsync(string name, int index, YamlMappingNode job,
        Dictionary<string, string> matrix, IReadOnlyDictionary<string, string> inputs,
        IReadOnlyDictionary<string, (string Result, Dictionary<string, string> Outputs)> needs, YamlMappingNode? workflowEnv)
    {
        var workspace = Path.Combine(root, "jobs", $"{name}-{index}");
        var temp = Path.Combine(root, "jobs", $"{name}-{index}.temp");
        Directory.CreateDirectory(workspace);
        Directory.CreateDirectory(temp);
        var summary = Path.Combine(temp, "step-summary.md");
        File.WriteAllText(summary, "");
        var state = new JobState(workspace, temp, summary, matrix, inputs, needs);
        foreach (var (scope, map) in new[] { ("workflow", workflowEnv), ("job", Map(job, "env")) })
        {
            if (map is null) continue;
            foreach (var (k, v) in map.Children) state.Env[((YamlScalarNode)k).Value!] = Interpolate(((YamlScalarNode)v).Value ?? "", state, null);
        }

        var steps = new List<LocalStepRun>();
        await RunStepsAsync(state, (YamlSequenceNode)job["steps"], steps, null);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Map(job, "outputs") is { } declared)
        {
            foreach (var (k, v) in declared.Children) outputs[((YamlScalarNode)k).Value!] = Interpolate(((YamlScalarNode)v).Value ?? "", state, null);
        }

        return (new LocalJobRun(name, matrix, workspace, steps, File.ReadAllText(summary)), outputs);
    }

    private async Task RunStepsAsync(JobState state, YamlSequenceNode steps, List<LocalStepRun> log, ActionScope? action)
    {
        var stepOutputs = action?.Steps ?? state.Steps;
        foreach (var node in steps.Children.Cast<YamlMappingNode>())
        {
            var id = Scalar(node, "id");
            var uses = Scalar(node, "uses");
            var stepName = Scalar(node, "name") ?? id ?? uses ?? "run";
            if (!WorkflowExpression.Condition(Scalar(node, "if"), p => Context(p, state, action), state.Failed))
            {
                log.Add(new LocalStepRun(stepName, "skipped (if)", null, ""));
                continue;
            }

            if (id is not null && Skipped.Contains(id))
            {
                log.Add(new LocalStepRun(stepName, "not run here (machine setup)", null, ""));
                continue;
            }

            var env = new Dictionary<string, string>(state.Env, StringComparer.Ordinal);
            if (Map(node, "env") is { } stepEnv)
            {
                foreach (var (k, v) in stepEnv.Children) env[((YamlScalarNode)k).Value!] = Interpolate(((YamlScalarNode)v).Value ?? "", state, action);
            }

            var with = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Map(node, "with") is { } withMap)
            {
                foreach (var (k, v) in withMap.Children) with[((YamlScalarNode)k).Value!] = Interpolate(((YamlScalarNode)v).Value ?? "", state, action);
            }

            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            LocalStepRun run;
            if (Scalar(node, "run") is { } script)
            {
                if (script.Contains("${{", StringComparison.Ordinal)) throw new InvalidOperationException($"step '{stepName}' interpolates an expression into its shell script; pass it through env:");
                var workingDirectory = Scalar(node, "working-directory") is { } wd ? Path.Combine(state.Workspace, wd) : state.Workspace;
                run = await ShellAsync(stepName, script, env, workingDirectory, state, outputs);
            }
            else if (uses is not null)
            {
                run = await UseAsync(stepName, uses, with, env, state, outputs, log);
            }
            else
            {
                throw new NotSupportedException($"step '{stepName}' has neither run nor uses");
            }

            if (run.ExitCode is not null and not 0) state.Failed = true;
            if (id is not null) stepOutputs[id] = outputs;
            log.Add(run);
        }
    }

    private async Task<LocalStepRun> ShellAsync(string name, string script, Dictionary<string, string> env, string workingDirectory, JobState state, Dictionary<string, string> outputs)
    {
        var file = Path.Combine(state.Temp, $"step-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script);
        var outputFile = file + ".output";
        var envFile = file + ".env";
        File.WriteAllText(outputFile, "");
        File.WriteAllText(envFile, "");
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", file])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in RunnerEnvironment) start.Environment[k] = v;
        foreach (var (k, v) in env) start.Environment[k] = v;
        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment["GITHUB_WORKSPACE"] = state.Workspace;
        start.Environment["RUNNER_TEMP"] = state.Temp;
        start.Environment["RUNNER_OS"] = "Linux";
        start.Environment["GITHUB_OUTPUT"] = outputFile;
        start.Environment["GITHUB_ENV"] = envFile;
        start.Environment["GITHUB_STEP_SUMMARY"] = state.Summary;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        foreach (var (k, v) in ParseFileCommands(File.ReadAllText(outputFile))) outputs[k] = v;
        foreach (var (k, v) in ParseFileCommands(File.ReadAllText(envFile))) state.Env[k] = v;
        return new LocalStepRun(name, "shell", process.ExitCode, await stdout + await stderr);
    }

    private async Task<LocalStepRun> UseAsync(string name, string uses, Dictionary<string, string> with, Dictionary<string, string> env, JobState state,
        Dictionary<string, string> outputs, List<LocalStepRun> log)
    {
        if (uses.StartsWith('/') || uses.StartsWith("./", StringComparison.Ordinal))
        {
            var dir = Path.GetFullPath(Path.Combine(state.Workspace, uses));
            var action = Load(Path.Combine(dir, "action.yml"));
            var runs = Map(action, "runs")!;
            if (Scalar(runs, "using") != "composite") throw new NotSupportedException($"{uses}: only composite actions run here");
            var scope = new ActionScope(dir, new Dictionary<string, string>(StringComparer.Ordinal));
            if (Map(action, "inputs") is { } declared)
            {
                foreach (var (k, v) in declared.Children) scope.Inputs[((YamlScalarNode)k).Value!] = Scalar((YamlMappingNode)v, "default") ?? "";
            }

            foreach (var (k, v) in with) scope.Inputs[k] = v;
            var before = log.Count;
            await RunStepsAsync(state, (YamlSequenceNode)runs["steps"], log, scope);
            if (Map(action, "outputs") is { } declaredOutputs)
            {
                foreach (var (k, v) in declaredOutputs.Children) outputs[((YamlScalarNode)k).Value!] = Interpolate(Scalar((YamlMappingNode)v, "value") ?? "", state, scope);
            }

            return new LocalStepRun(name, $"composite ({log.Count - before} steps)", state.Failed ? 1 : 0, "");
        }

        var action0 = uses.Split('@')[0];
        switch (action0)
        {
            case "actions/checkout":
                var target = Path.Combine(state.Workspace, with.GetValueOrDefault("path", "."));
                Directory.CreateDirectory(target);
                if (with.TryGetValue("repository", out var repository) && repository.Length > 0 && repository != "caller/repository") ToolCheckout(target);
                else CopyTree(callerRepository, target);
                return new LocalStepRun(name, "action: " + (with.TryGetValue("repository", out var r) ? "checkout " + r : "checkout"), null, "");
            case "actions/setup-dotnet":
            case "actions/cache/restore":
            case "actions/cache/save":
            case "actions/cache":
                return new LocalStepRun(name, "action (recorded only): " + action0 + " " + string.Join(" ", with.Select(kv => $"{kv.Key}={kv.Value}")), null, "");
            case "actions/upload-artifact":
                var artifactName = with["name"];
                var source = Path.Combine(state.Workspace, with["path"]);
                var stored = Path.Combine(root, "artifact-store", artifactName);
                if (!artifacts.TryAdd(artifactName, stored)) return new LocalStepRun(name, "action: upload-artifact", 1, $"artifact name '{artifactName}' is not unique in this run (v4 refuses it)");
                Directory.CreateDirectory(stored);
                if (File.Exists(source)) File.Copy(source, Path.Combine(stored, Path.GetFileName(source)));
                else if (Directory.Exists(source)) CopyTree(source, stored);
                else if (with.GetValueOrDefault("if-no-files-found") == "error") return new LocalStepRun(name, "action: upload-artifact", 1, $"no files at {source}");
                return new LocalStepRun(name, "action: upload-artifact " + artifactName, null, "");
            case "actions/download-artifact":
                var into = Path.Combine(state.Workspace, with.GetValueOrDefault("path", "."));
                if (with.TryGetValue("name", out var single))
                {
                    if (!artifacts.TryGetValue(single, out var from)) return new LocalStepRun(name, "action: download-artifact", 1, $"no artifact '{single}'");
                    CopyTree(from, into);
                }
                else
                {
                    var pattern = new Regex("^" + Regex.Escape(with["pattern"]).Replace(@"\*", ".*", StringComparison.Ordinal) + "$");
                    foreach (var (artifact, from) in artifacts.Where(a => pattern.IsMatch(a.Key))) CopyTree(from, Path.Combine(into, artifact));
                }

                return new LocalStepRun(name, "action: download-artifact", null, "");
            default:
                throw new NotSupportedException($"step '{name}' uses {uses}, which the local runner does not simulate");
        }
    }

    private string Interpolate(string text, JobState state, ActionScope? action) =>
        WorkflowExpression.Interpolate(text, p => Context(p, state, action), state.Failed);

    private string? Context(string path, JobState state, ActionScope? action)
    {
        var parts = path.Split('.');
        switch (parts[0])
        {
            case "steps":
                var steps = action?.Steps ?? state.Steps;
                if (!steps.TryGetValue(parts[1], out var o)) return "";
                return parts[2] == "outputs" ? o.GetValueOrDefault(parts[3], "") : "success";
            case "github" when parts[1] == "action_path":
                return action?.Path ?? throw new InvalidOperationException("github.action_path outside an action");
            case "inputs" when action is not null:
                return action.Inputs.GetValueOrDefault(parts[1], "");
            case "env":
                return state.Env.GetValueOrDefault(parts[1], "");
            default:
                return Context(path, state.Inputs, state.Needs, state.Matrix, state.Workspace, state.Temp, state.Env);
        }
    }

    private static string? Context(string path, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, (string Result, Dictionary<string, string> Outputs)> needs,
        IReadOnlyDictionary<string, string> matrix, string? workspace, string? temp, Dictionary<string, string>? env)
    {
        var parts = path.Split('.');
        return parts[0] switch
        {
            "inputs" => inputs.GetValueOrDefault(parts[1], ""),
            "matrix" => matrix.GetValueOrDefault(parts[1], ""),
            "needs" => parts[2] == "result" ? needs[parts[1]].Result : needs[parts[1]].Outputs.GetValueOrDefault(parts[3], ""),
            "github" => parts[1] switch
            {
                "workspace" => workspace,
                "repository" => "caller/repository",
                "sha" => "0000000000000000000000000000000000000000",
                "run_id" => "1",
                "event_name" => "workflow_call",
                _ => throw new NotSupportedException($"github.{parts[1]} is not simulated"),
            },
            "runner" => parts[1] switch
            {
                "os" => "Linux",
                "temp" => temp,
                _ => throw new NotSupportedException($"runner.{parts[1]} is not simulated"),
            },
            "env" => env?.GetValueOrDefault(parts[1], ""),
            _ => throw new NotSupportedException($"context '{path}' is not simulated"),
        };
    }

    internal static IEnumerable<(string Key, string Value)> ParseFileCommands(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (eq < 0 || heredoc < eq))
            {
                var delimiter = line[(heredoc + 2)..];
                var value = new StringBuilder();
                for (i++; i < lines.Length && lines[i] != delimiter; i++) value.Append(value.Length == 0 ? "" : "\n").Append(lines[i]);
                yield return (line[..heredoc], value.ToString());
            }
            else if (eq > 0)
            {
                yield return (line[..eq], line[(eq + 1)..]);
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo) CopyTree(entry.FullName, target);
            else File.Copy(entry.FullName, target, overwrite: true);
        }
    }

    private static IReadOnlyList<string> Needs(YamlMappingNode job) => job.Children.TryGetValue(new YamlScalarNode("needs"), out var n)
        ? n is YamlSequenceNode s ? s.Children.Select(c => ((YamlScalarNode)c).Value!).ToList() : [((YamlScalarNode)n).Value!]
        : [];

    internal static YamlMappingNode? Map(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as YamlMappingNode : null;

    internal static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    [GeneratedRegex(@"^\$\{\{\s*fromJSON\((.*)\)\s*\}\}$")]
    private static partial Regex FromJson();

    private sealed class JobState(string workspace, string temp, string summary, IReadOnlyDictionary<string, string> matrix,
        IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, (string Result, Dictionary<string, string> Outputs)> needs)
    {
        public string Workspace { get; } = workspace;
        public string Temp { get; } = temp;
        public string Summary { get; } = summary;
        public IReadOnlyDictionary<string, string> Matrix { get; } = matrix;
        public IReadOnlyDictionary<string, string> Inputs { get; } = inputs;
        public IReadOnlyDictionary<string, (string Result, Dictionary<string, string> Outputs)> Needs { get; } = needs;
        public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Dictionary<string, string>> Steps { get; } = new(StringComparer.Ordinal);
        public bool Failed { get; set; }
    }

    private sealed record ActionScope(string Path, Dictionary<string, string> Inputs)
    {
        public Dictionary<string, Dictionary<string, string>> Steps { get; } = new(StringComparer.Ordinal);
    }
}
