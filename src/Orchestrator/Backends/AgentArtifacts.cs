namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>
/// The published Agent. <c>Binary</c> runs on the host (glibc). <c>BundleRoot</c> is a directory laid out as a root
/// filesystem fragment: <c>opt/mptcp-agent/mptcp-agent</c> plus its loader and libraries in <c>opt/mptcp-agent/lib/</c>,
/// so it runs in an empty root through <see cref="BundleCommand"/>. <c>StaticBinary</c>, when built, is the same agent
/// linked with <c>-static</c>: the VM initramfs's <c>/init</c> (nothing else to unpack, map or relocate at boot).
/// </summary>
internal sealed record AgentArtifacts(string Binary, string BundleRoot)
{
    /// <summary>The statically linked agent (<c>scripts/build-agent.sh</c> writes it to <c>static/mptcp-agent</c>), or null.</summary>
    public string? StaticBinary { get; init; }

    /// <summary>Path of the agent inside a root that holds the bundle.</summary>
    public const string BundleAgentPath = "/opt/mptcp-agent/mptcp-agent";

    /// <summary>Path of the bundled dynamic loader inside such a root.</summary>
    public const string BundleLoaderPath = "/opt/mptcp-agent/lib/ld-linux-x86-64.so.2";

    /// <summary>Directory of the bundled libraries inside such a root.</summary>
    public const string BundleLibDir = "/opt/mptcp-agent/lib";

    /// <summary>argv that runs the bundled agent in a root that holds the bundle (no libc of its own needed).</summary>
    public static IReadOnlyList<string> BundleCommand { get; } =
        [BundleLoaderPath, "--library-path", BundleLibDir, BundleAgentPath];

    /// <summary>Default location: <c>$MPTCPMATRIX_AGENT_DIR</c> or <c>&lt;repo&gt;/artifacts/agent</c>.</summary>
    public static AgentArtifacts Locate(string? agentDir = null)
    {
        agentDir ??= Environment.GetEnvironmentVariable("MPTCPMATRIX_AGENT_DIR") ?? Path.Combine(FindRepoRoot(), "artifacts", "agent");
        return new AgentArtifacts(Path.Combine(agentDir, "bin", "mptcp-agent"), Path.Combine(agentDir, "bundle"))
        {
            StaticBinary = Path.Combine(agentDir, "static", "mptcp-agent"),
        };
    }

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MptcpMatrix.sln"))) return dir.FullName;
        }

        return Directory.GetCurrentDirectory();
    }
}
