using System.Runtime.InteropServices;
using System.Text;
using CliWrap;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>Runs the real <c>matrix</c> CLI (matrix.dll next to the tests) as a separate process, like a CI job would.</summary>
public static class MatrixCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "matrix.dll");

    public static Command Command(string workDir, string? agentDir, params string[] args) =>
        CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Dll, .. args])
            .WithWorkingDirectory(workDir)
            .WithEnvironmentVariables(env =>
            {
                env.Set("CI", "true").Set("GITHUB_ACTIONS", null).Set("DOTNET_NOLOGO", "1");
                if (agentDir is not null) env.Set("MPTCPMATRIX_AGENT_DIR", agentDir);
            })
            .WithValidation(CommandResultValidation.None);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workDir, string? agentDir, params string[] args)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await Command(workDir, agentDir, args)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(timeout.Token);
        return (result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public const int SigInt = 2;
    public const int SigKill = 9;

    public static int Kill(int pid, int signal) => NativeKill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
}
