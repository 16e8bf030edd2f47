using CliWrap;
using CliWrap.Buffered;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>Runs a host tool (debootstrap, tar, dpkg-query, umount) with an argument array and a bound.</summary>
public static class HostTool
{
    private const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task<BufferedCommandResult> RunAsync(string userspace, string program, IReadOnlyList<string> arguments,
        TimeSpan timeout, string installHint, CancellationToken cancellationToken)
    {
        if (Which(program) is null)
            throw new ContainerSetupException(userspace, $"'{program}' is not installed; install it with: {installHint}");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None)
                .WithEnvironmentVariables(e => e.Set("LC_ALL", "C").Set("PATH", SystemPath))
                .ExecuteBufferedAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerSetupException(userspace, $"{program} did not finish within {timeout.TotalSeconds:0} s");
        }

        if (result.ExitCode != 0)
        {
            var tail = string.Join('\n', (result.StandardError + "\n" + result.StandardOutput)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(10));
            throw new ContainerSetupException(userspace, $"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{tail}");
        }

        return result;
    }

    public static string? Which(string name)
    {
        foreach (var dir in ((Environment.GetEnvironmentVariable("PATH") ?? "") + ":" + SystemPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }
}
