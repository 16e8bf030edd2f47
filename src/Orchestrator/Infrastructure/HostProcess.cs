using CliWrap;
using CliWrap.Buffered;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>
/// Finds and runs the host's system tools (apt-get, dpkg-deb, depmod, debootstrap, tar, qemu, vng, unshare) with argument
/// arrays, <c>LC_ALL=C</c> and the system PATH; what a failure means is the caller's (a kernel or a container image error).
/// </summary>
internal static class HostProcess
{
    /// <summary>
    /// The PATH tools run with, and searched after the caller's own PATH. A PATH with user tool dirs first (pyenv shims,
    /// cargo) breaks apt-key's gpgv lookup under the _apt user ("gpgv ... required for verification, but neither seems
    /// installed"): system tools need only system dirs.
    /// </summary>
    public const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Full path of <paramref name="name"/> (a path is taken as it is) on PATH, then <see cref="SystemPath"/>; null when absent.</summary>
    public static string? Which(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        foreach (var dir in ((Environment.GetEnvironmentVariable("PATH") ?? "") + ":" + SystemPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>Runs <paramref name="program"/> to its end, whatever its exit code.</summary>
    public static Task<BufferedCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null)
    {
        var command = Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(e => e.Set("LC_ALL", "C").Set("PATH", SystemPath));
        if (workingDirectory is not null) command = command.WithWorkingDirectory(workingDirectory);
        return command.ExecuteBufferedAsync(cancellationToken).Task;
    }

    /// <summary>"program args exited with N:" and the last lines of what it printed, for a failure's message.</summary>
    public static string Failure(string program, IReadOnlyList<string> arguments, int exitCode, string output, int lines, string separator) =>
        $"{program} {string.Join(' ', arguments)} exited with {exitCode}:{separator}" +
        string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
