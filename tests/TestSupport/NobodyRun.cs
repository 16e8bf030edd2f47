using CliWrap;
using CliWrap.Buffered;

namespace MptcpMatrix.TestSupport;

/// <summary>
/// A directory from which <c>matrix run</c> can be started both as root and as the normal user nobody (65534, through
/// <c>setpriv</c>, no supplementary groups): the CLI and the agent are copied out of the root-only checkout, the user gets
/// its own HOME and cache, and what the user must read is world-readable. Removed on dispose.
/// </summary>
public sealed class NobodyRun : IDisposable
{
    public const int Nobody = 65534;

    public NobodyRun(string prefix)
    {
        Requires.Root();
        Requires.Executable("setpriv", "apt-get install util-linux");
        Requires.Capability(System.IO.File.Exists(RepoPaths.AgentBinary), "the built agent", "scripts/build-agent.sh");
        Dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Cli = Copy(AppContext.BaseDirectory, Path.Combine(Dir, "cli"));
        AgentDir = Copy(RepoPaths.AgentDir, Path.Combine(Dir, "agent"));
        foreach (var sub in new[] { "home", "cache", "out-user" }) Directory.CreateDirectory(Path.Combine(Dir, sub));
    }

    public string Dir { get; }

    public string Cli { get; }

    public string AgentDir { get; }

    /// <summary>Writes a file into the directory (readable by the user once <see cref="Open"/> ran).</summary>
    public string File(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Copies a file or a tree in (from root's cache, say) under <paramref name="name"/>.</summary>
    public string CopyIn(string from, string name)
    {
        var to = Path.Combine(Dir, name);
        if (Directory.Exists(from)) return Copy(from, to);
        System.IO.File.Copy(from, to);
        return to;
    }

    /// <summary>Makes everything readable by the user and its HOME, cache and <c>out-user</c> writable by it.</summary>
    public void Open()
    {
        foreach (var d in Directory.EnumerateDirectories(Dir, "*", SearchOption.AllDirectories).Append(Dir))
            System.IO.File.SetUnixFileMode(d, System.IO.File.GetUnixFileMode(d) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        foreach (var f in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories))
        {
            var mode = System.IO.File.GetUnixFileMode(f) | UnixFileMode.OtherRead | UnixFileMode.GroupRead;
            if (mode.HasFlag(UnixFileMode.UserExecute)) mode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
            System.IO.File.SetUnixFileMode(f, mode);
        }

        for (var parent = Directory.GetParent(Dir); parent is not null; parent = parent.Parent)
        {
            var mode = System.IO.File.GetUnixFileMode(parent.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) System.IO.File.SetUnixFileMode(parent.FullName, mode | UnixFileMode.OtherExecute);
        }

        foreach (var sub in new[] { "home", "cache", "out-user" }) System.IO.File.SetUnixFileMode(Path.Combine(Dir, sub), (UnixFileMode)0x1FF);
    }

    /// <summary><c>matrix run -c CONFIG --out DIR/OUT</c> as nobody (<paramref name="asNobody"/>) or as root, with the copied CLI and agent.</summary>
    public Task<BufferedCommandResult> RunAsync(string config, string outDir, bool asNobody, params string[] arguments) =>
        MatrixAsync(asNobody, ["run", "-c", config, "--out", Path.Combine(Dir, outDir), .. arguments]);

    /// <summary>Any <c>matrix</c> command as nobody or as root, from the directory, with the user's HOME and cache.</summary>
    public Task<BufferedCommandResult> MatrixAsync(bool asNobody, params string[] arguments)
    {
        string[] prefix = asNobody ? ["setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--"] : [];
        return CliWrap.Cli.Wrap(asNobody ? prefix[0] : "dotnet")
            .WithArguments([.. prefix.Skip(1), .. asNobody ? new[] { "dotnet" } : [], Path.Combine(Cli, "matrix.dll"), .. arguments])
            .WithWorkingDirectory(Dir)
            .WithEnvironmentVariables(e => e.Set("HOME", Path.Combine(Dir, "home")).Set("XDG_CACHE_HOME", Path.Combine(Dir, "cache"))
                .Set("MPTCPMATRIX_AGENT_DIR", AgentDir).Set("MPTCPMATRIX_CACHE", null).Set("CI", null).Set("GITHUB_ACTIONS", null)
                .Set("DOCKER_HOST", null).Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Xunit.TestContext.Current.CancellationToken);
    }

    private static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }

        return to;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
