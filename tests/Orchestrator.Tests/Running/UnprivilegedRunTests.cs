using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>
/// <c>matrix run</c> of the host backend as a normal user (nobody, 65534, via setpriv) against the same run as root, on
/// the same kernel: every cell gets the same status and every check the same outcome; only the cells' privilege differs.
/// </summary>
public sealed class UnprivilegedRunTests
{
    private const int Nobody = 65534;

    [Fact]
    public async Task A_normal_user_gets_the_same_host_verdicts_as_root_each_cell_in_its_own_user_namespace()
    {
        Requires.Root();
        Requires.HostMptcp();
        Requires.Executable("setpriv", "apt-get install util-linux");
        Requires.Capability(File.Exists(RepoPaths.AgentBinary), "the built agent", "scripts/build-agent.sh");
        using var dir = new TempDir();
        // What the user runs must be readable by it: the CLI and the agent are copied out of the (root-only) checkout.
        var cli = Copy(AppContext.BaseDirectory, Path.Combine(dir.Path, "cli"));
        var agent = Path.Combine(dir.Path, "agent");
        Copy(Path.Combine(RepoPaths.AgentDir, "bin"), Path.Combine(agent, "bin"));
        var config = dir.File("matrix.yml", """
            kernels:
              - name: host
                source: host
            families: [ipv4, ipv6]
            backends: [host]
            sysctls:
              - name: default
              - name: mptcp-disabled
                values: { net.mptcp.enabled: 0 }
            suites: [selftest]
            timeout: 60
            retries: 0
            """);
        foreach (var sub in new[] { "home", "cache", "out-user" }) Directory.CreateDirectory(Path.Combine(dir.Path, sub));
        OpenTo(dir.Path);
        foreach (var sub in new[] { "home", "cache", "out-user" }) OpenForWriting(Path.Combine(dir.Path, sub));

        var asUser = await RunAsync(dir.Path, cli, agent, config, "out-user/run", ["setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--"]);
        var asRoot = await RunAsync(dir.Path, cli, agent, config, "out-root", []);

        Assert.True(asUser.ExitCode == 0, $"as nobody: exit {asUser.ExitCode}\n{asUser.StandardError}");
        Assert.True(asRoot.ExitCode == 0, $"as root: exit {asRoot.ExitCode}\n{asRoot.StandardError}");
        var user = Cells(Path.Combine(dir.Path, "out-user", "run"));
        var root = Cells(Path.Combine(dir.Path, "out-root"));
        Assert.Equal(4, user.Count);
        Assert.Equal(root.Keys.Order(StringComparer.Ordinal), user.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, cell) in user)
        {
            Assert.Equal(root[id].Status, cell.Status);
            Assert.Equal(Provenance.PrivilegeUserNamespace, cell.Provenance.Privilege);
            Assert.Equal(Provenance.PrivilegeRoot, root[id].Provenance.Privilege);
            var outcomes = cell.Agent!.Families.Single().Checks.ToDictionary(c => c.Id, c => c.Outcome);
            Assert.Equal(root[id].Agent!.Families.Single().Checks.ToDictionary(c => c.Id, c => c.Outcome), outcomes);
            // MPTCP off was applied inside the user's own namespaces, as root's is.
            Assert.Equal(id.Contains("mptcp-disabled", StringComparison.Ordinal) ? "0" : "1", cell.Agent.Kernel.MptcpSysctls["net.mptcp.enabled"]);
        }

        Assert.Equal(CellStatus.Pass, user["host-host-ipv6-default"].Status);
        Assert.Equal(CellStatus.Unsupported, user["host-host-ipv4-mptcp-disabled"].Status);
        Assert.Contains("unshare --user --map-root-user --", File.ReadAllText(Path.Combine(dir.Path, "out-user", "run", "logs", "host-host-ipv4-default", "command.txt")));
    }

    private static Task<BufferedCommandResult> RunAsync(string dir, string cli, string agent, string config, string outDir, string[] prefix) =>
        CliWrap.Cli.Wrap(prefix.Length > 0 ? prefix[0] : "dotnet")
            .WithArguments([.. prefix.Skip(1), .. prefix.Length > 0 ? new[] { "dotnet" } : [], Path.Combine(cli, "matrix.dll"), "run", "-c", config, "--out", Path.Combine(dir, outDir)])
            .WithWorkingDirectory(dir)
            .WithEnvironmentVariables(e => e.Set("HOME", Path.Combine(dir, "home")).Set("XDG_CACHE_HOME", Path.Combine(dir, "cache"))
                .Set("MPTCPMATRIX_AGENT_DIR", agent).Set("CI", null).Set("GITHUB_ACTIONS", null).Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);

    private static Dictionary<string, CellResult> Cells(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "cells"), "*.json").Select(f => JsonSerializer.Deserialize(File.ReadAllText(f), OrchestratorJson.Default.CellResult)!)
            .ToDictionary(c => c.Cell.Id, StringComparer.Ordinal);

    private static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    /// <summary>World-readable (and, for directories and executables, traversable) from <paramref name="root"/> down, and its parents traversable.</summary>
    private static void OpenTo(string root)
    {
        foreach (var d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
            File.SetUnixFileMode(d, File.GetUnixFileMode(d) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var mode = File.GetUnixFileMode(f) | UnixFileMode.OtherRead | UnixFileMode.GroupRead;
            if (mode.HasFlag(UnixFileMode.UserExecute)) mode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
            File.SetUnixFileMode(f, mode);
        }

        for (var parent = Directory.GetParent(root); parent is not null; parent = parent.Parent)
        {
            var mode = File.GetUnixFileMode(parent.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) File.SetUnixFileMode(parent.FullName, mode | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>0777: the test user writes here.</summary>
    private static void OpenForWriting(string path) => File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
}
