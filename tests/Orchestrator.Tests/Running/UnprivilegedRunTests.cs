using System.Text.Json;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>
/// <c>matrix run</c> of the host backend as a normal user (nobody, 65534, via setpriv) against the same run as root, on
/// the same kernel: every cell gets the same status and every check the same outcome; only the cells' privilege differs.
/// </summary>
public sealed class UnprivilegedRunTests
{
    [Fact]
    public async Task A_normal_user_gets_the_same_host_verdicts_as_root_each_cell_in_its_own_user_namespace()
    {
        Requires.HostMptcp();
        using var run = new NobodyRun("mm-nobody-host-");
        var config = run.File("matrix.yml", """
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
        run.Open();

        var asUser = await run.RunAsync(config, "out-user/run", asNobody: true);
        var asRoot = await run.RunAsync(config, "out-root", asNobody: false);

        Assert.True(asUser.ExitCode == 0, $"as nobody: exit {asUser.ExitCode}\n{asUser.StandardError}");
        Assert.True(asRoot.ExitCode == 0, $"as root: exit {asRoot.ExitCode}\n{asRoot.StandardError}");
        var user = Cells(Path.Combine(run.Dir, "out-user", "run"));
        var root = Cells(Path.Combine(run.Dir, "out-root"));
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
        Assert.Contains("unshare --user --map-root-user --", File.ReadAllText(Path.Combine(run.Dir, "out-user", "run", "logs", "host-host-ipv4-default", "command.txt")));
    }

    /// <summary>The cell files of a run directory, by cell id.</summary>
    public static Dictionary<string, CellResult> Cells(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "cells"), "*.json").Select(f => JsonSerializer.Deserialize(File.ReadAllText(f), OrchestratorJson.Default.CellResult)!)
            .ToDictionary(c => c.Cell.Id, StringComparer.Ordinal);
}
