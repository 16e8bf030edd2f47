namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>
/// The agent that travels with an installed <c>matrix</c> (the .NET tool package or the release's self-contained binary):
/// <c>&lt;tool dir&gt;/agent</c>, laid out like <c>artifacts/agent</c>. When <c>MPTCPMATRIX_AGENT_DIR</c> is unset and no
/// source checkout holds a built agent, that directory becomes the agent directory. NuGet does not keep Unix file modes, so
/// the executables get theirs back here.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class PackagedAgent
{
    public const string EnvironmentVariable = "MPTCPMATRIX_AGENT_DIR";

    public static string Dir => Path.Combine(AppContext.BaseDirectory, "agent");

    /// <summary>Called once at start-up for <c>run</c> and <c>doctor</c>.</summary>
    public static void Apply(TextWriter error)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable))) return;
        var checkout = Path.Combine(Backends.AgentArtifacts.FindRepoRoot(), "artifacts", "agent");
        if (File.Exists(Path.Combine(checkout, "bin", "mptcp-agent"))) return;
        if (!File.Exists(Path.Combine(Dir, "bin", "mptcp-agent")))
        {
            error.WriteLine($"matrix: no agent found (neither ${EnvironmentVariable}, {Dir} nor {checkout}): this matrix was installed without " +
                "the agent bundle. Unpack mptcp-agent-bundle-linux-x64.tar.gz from the release and set " + EnvironmentVariable +
                " to it, or build it in a checkout of MptcpMatrix with scripts/build-agent.sh (then MPTCPMATRIX_AGENT_DIR=<checkout>/artifacts/agent)");
            return;
        }

        try
        {
            foreach (var file in Executables())
            {
                var mode = File.GetUnixFileMode(file);
                const UnixFileMode exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
                if ((mode & exec) != exec) File.SetUnixFileMode(file, mode | exec | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            error.WriteLine($"matrix: cannot make the packaged agent in {Dir} executable ({e.Message}); chmod -R a+rX,u+x it or set {EnvironmentVariable}");
        }

        Environment.SetEnvironmentVariable(EnvironmentVariable, Dir);
    }

    private static IEnumerable<string> Executables()
    {
        foreach (var sub in new[] { "bin", "static", Path.Combine("bundle", "opt", "mptcp-agent") })
        {
            var dir = Path.Combine(Dir, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) yield return file;
        }
    }
}
