using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Runs the host tools kernel handling needs (apt-get, apt-cache, dpkg-deb, depmod) with argument arrays.</summary>
internal static class Tools
{
    /// <summary>Runs <paramref name="program"/>; a non-zero exit throws a <see cref="KernelException"/> naming the command and its stderr.</summary>
    public static async Task<ToolResult> RunAsync(string source, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null, bool check = true, string? installHint = null)
    {
        if (HostProcess.Which(program) is null)
            throw new KernelException(source, $"'{program}' is not installed" + (installHint is null ? "" : $"; install it with: {installHint}"));
        var result = await HostProcess.RunAsync(program, arguments, cancellationToken, workingDirectory);
        if (check && result.ExitCode != 0)
            throw new KernelException(source, HostProcess.Failure(program, arguments, result.ExitCode, result.StandardError, 8, " "));

        return new ToolResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
