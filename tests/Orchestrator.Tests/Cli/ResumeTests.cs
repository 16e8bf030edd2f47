using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Cli;

/// <summary><c>matrix run --resume</c> continues with the run's own copy of its matrix file, never whatever ./matrix.yml holds.</summary>
public sealed class ResumeTests : IDisposable
{
    private const string RunMatrix = "kernels: [{name: alpha, source: host}, {name: beta, source: host}]\nbackends: [host]\nfamilies: [ipv4]\n" +
        "sysctls: [{name: a}, {name: b}]\nparallel: 1\nretries: 0\ntimeout: 60\n";

    private readonly TempDir dir = new();
    private readonly FakeAgent agent = new("pass");

    public void Dispose()
    {
        agent.Dispose();
        dir.Dispose();
    }

    private string OutDir => Path.Combine(dir.Path, "out");

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private JsonObject RunJson() => JsonNode.Parse(File.ReadAllText(ResultStore.ManifestPath(OutDir)))!.AsObject();

    [Fact]
    public async Task Resume_without_c_continues_with_the_runs_own_matrix_file_from_any_directory()
    {
        Requires.Root();
        var matrix = dir.File("project/run.yml", RunMatrix);
        // Where the resume is started, ./matrix.yml is another matrix altogether.
        var elsewhere = dir.Sub("elsewhere");
        dir.File("elsewhere/matrix.yml", "kernels: [{name: decoy, source: host}]\nbackends: [host]\nvm: {memory: 4096}\n");
        agent.ModeFor("b", "hang");
        var stderr = new StringBuilder();
        var run = MatrixCli.Command(dir.Path, agent.Dir, "run", "-c", "project/run.yml", "--out", "out")
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr)).ExecuteAsync(TestContext.Current.CancellationToken);
        await Wait.Until(() => agent.HangingPids.Count == 1, TimeSpan.FromSeconds(60), "cell b's agent to start");
        Assert.Equal(0, MatrixCli.Kill(run.ProcessId, MatrixCli.SigInt));
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            Assert.Equal(130, (await run.Task.WaitAsync(bound.Token)).ExitCode);

        Assert.Equal(File.ReadAllBytes(matrix), File.ReadAllBytes(Path.Combine(OutDir, "config.yml")));
        Assert.Equal(Sha256(matrix), RunJson()["config_sha256"]!.GetValue<string>());
        // The file changes after the run started: a resume still plans what the run planned.
        File.AppendAllText(matrix, "# edited later\n");
        agent.ModeFor("b", "pass");

        var (exit, stdout, err) = await MatrixCli.RunAsync(elsewhere, agent.Dir, "run", "--resume", "--out", "../out");

        Assert.True(exit == 0, err + stdout);
        Assert.Contains("4 cells: 4 pass", stdout);
        var manifest = RunJson();
        Assert.Equal(matrix, manifest["config_file"]!.GetValue<string>());
        Assert.Equal(["alpha", "beta"], manifest["kernels"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(Sha256(Path.Combine(OutDir, "config.yml")), manifest["config_sha256"]!.GetValue<string>());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "report.json")));
        Assert.Equal(["alpha", "beta"], report.RootElement.GetProperty("kernels").EnumerateArray().Select(k => k.GetString()));
        Assert.DoesNotContain(agent.Invocations, l => l.Contains("decoy", StringComparison.Ordinal));

        // Naming a file with other content is refused; naming the same content is accepted.
        var (decoyExit, _, decoyErr) = await MatrixCli.RunAsync(elsewhere, agent.Dir, "run", "--resume", "--out", "../out", "-c", "matrix.yml");
        Assert.Equal(2, decoyExit);
        Assert.Contains($"error: --resume: ../out was run with {matrix} (sha256 {manifest["config_sha256"]}), but -c matrix.yml has other content (sha256 {Sha256(Path.Combine(elsewhere, "matrix.yml"))}); " +
            "leave out -c to resume with the run's own copy", decoyErr);
        var (editedExit, _, editedErr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--resume", "--out", "out", "-c", "project/run.yml");
        Assert.Equal(2, editedExit);
        Assert.Contains("but -c project/run.yml has other content", editedErr);
        dir.File("same.yml", RunMatrix);
        var (sameExit, sameOut, sameErr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--resume", "--out", "out", "-c", "same.yml");
        Assert.True(sameExit == 0, sameErr);
        Assert.Contains("4 cells: 4 pass", sameOut);
    }

    [Fact]
    public async Task A_changed_or_missing_copy_of_the_matrix_file_is_refused_instead_of_resuming_another_plan()
    {
        Requires.Root();
        dir.File("matrix.yml", RunMatrix);
        var (exit, _, err) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--out", "out", "--filter", "variant=a");
        Assert.True(exit == 0, err);
        var copy = Path.Combine(OutDir, "config.yml");
        var recorded = RunJson()["config_sha256"]!.GetValue<string>();

        File.AppendAllText(copy, "repeat: 3\n");
        var (changedExit, _, changedErr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--resume", "--out", "out");
        Assert.Equal(2, changedExit);
        Assert.Contains($"error: --resume: out/config.yml has sha256 {Sha256(copy)}, but run.json records {recorded} (changed or damaged)", changedErr);

        File.Delete(copy);
        var (missingExit, _, missingErr) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "--resume", "--out", "out");
        Assert.Equal(2, missingExit);
        Assert.Contains($"error: --resume: out/config.yml is missing (run.json records config_sha256 {recorded})", missingErr);
        Assert.Equal(2, agent.Invocations.Count);
    }

    [Fact]
    public async Task A_run_from_before_copies_were_kept_resumes_with_the_file_it_recorded()
    {
        Requires.Root();
        var matrix = dir.File("project/run.yml", RunMatrix);
        var (exit, _, err) = await MatrixCli.RunAsync(dir.Path, agent.Dir, "run", "-c", "project/run.yml", "--out", "out", "--filter", "variant=a");
        Assert.True(exit == 0, err);
        // What run.json looked like before: no config_sha256, no copy.
        var manifest = RunJson();
        manifest.Remove("config_sha256");
        File.WriteAllText(ResultStore.ManifestPath(OutDir), manifest.ToJsonString());
        File.Delete(Path.Combine(OutDir, "config.yml"));

        var (resumed, stdout, resumeErr) = await MatrixCli.RunAsync(dir.Sub("elsewhere"), agent.Dir, "run", "--resume", "--out", "../out");

        Assert.True(resumed == 0, resumeErr);
        Assert.Contains("2 cells: 2 pass", stdout);
        Assert.Equal(matrix, RunJson()["config_file"]!.GetValue<string>());
        Assert.Equal(Sha256(matrix), RunJson()["config_sha256"]!.GetValue<string>());
    }
}
