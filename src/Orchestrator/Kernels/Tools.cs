using CliWrap;
using CliWrap.Buffered;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Runs the host tools kernel handling needs (apt-get, apt-cache, dpkg-deb, depmod) with argument arrays.</summary>
public static class Tools
{
    /// <summary>Runs <paramref name="program"/>; a non-zero exit throws a <see cref="KernelException"/> naming the command and its stderr.</summary>
    public static async Task<ToolResult> RunAsync(string source, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null, bool check = true, string? installHint = null)
    {
        if (Which(program) is null)
            throw new KernelException(source, $"'{program}' is not installed" + (installHint is null ? "" : $"; install it with: {installHint}"));
        var command = Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            // A PATH with user tool dirs first (pyenv shims, cargo) breaks apt-key's gpgv lookup under the _apt user:
            // "gpgv ... required for verification, but neither seems installed". System tools need only system dirs.
            .WithEnvironmentVariables(e => e.Set("LC_ALL", "C").Set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        if (workingDirectory is not null) command = command.WithWorkingDirectory(workingDirectory);
        var result = await command.ExecuteBufferedAsync(cancellationToken);
        if (check && result.ExitCode != 0)
        {
            var tail = string.Join('\n', result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8));
            throw new KernelException(source, $"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}: {tail}");
        }

        return new ToolResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>Full path of <paramref name="name"/> on PATH (plus /usr/sbin and /sbin), or null.</summary>
    public static string? Which(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }
}
