using CliWrap.Buffered;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>Runs a host tool (debootstrap, tar, dpkg-query, umount) with an argument array and a bound.</summary>
internal static class HostTool
{
    public static async Task<BufferedCommandResult> RunAsync(string userspace, string program, IReadOnlyList<string> arguments,
        TimeSpan timeout, string installHint, CancellationToken cancellationToken)
    {
        if (HostProcess.Which(program) is null)
            throw new ContainerSetupException(userspace, $"'{program}' is not installed; install it with: {installHint}");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        BufferedCommandResult result;
        try
        {
            result = await HostProcess.RunAsync(program, arguments, bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerSetupException(userspace, $"{program} did not finish within {timeout.TotalSeconds:0} s");
        }

        if (result.ExitCode != 0)
            throw new ContainerSetupException(userspace, HostProcess.Failure(program, arguments, result.ExitCode, result.StandardError + "\n" + result.StandardOutput, 10, "\n"));

        return result;
    }
}
