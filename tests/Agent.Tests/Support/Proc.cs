using CliWrap;
using CliWrap.Buffered;

namespace MptcpMatrix.Agent.Tests.Support;

/// <summary>Runs a process with an argument array (CliWrap), buffered, killed when <paramref name="timeout"/> passes.</summary>
internal static class Proc
{
    public static async Task<BufferedCommandResult> RunAsync(string exe, IEnumerable<string> args, TimeSpan timeout, string? workingDir = null)
    {
        // The test's token too: a cancelled run (Ctrl-C, test timeout) kills the process instead of leaving it behind.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        var cmd = CliWrap.Cli.Wrap(exe).WithArguments(args).WithValidation(CommandResultValidation.None);
        if (workingDir is not null) cmd = cmd.WithWorkingDirectory(workingDir);
        try
        {
            return await cmd.ExecuteBufferedAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s (killed)");
        }
    }

    public static string Describe(BufferedCommandResult r) => $"exit {r.ExitCode}\nstderr:\n{r.StandardError}\nstdout:\n{r.StandardOutput}";
}
