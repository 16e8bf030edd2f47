using System.Text.Json;
using MptcpMatrix.Orchestrator.Backends.Virtme;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.TestSupport;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// <c>matrix run</c> of the vm and virtme backends as nobody (65534, no groups: no KVM, no Docker), with its own empty
/// cache, against the same run as root: the same statuses and check outcomes, from real boots of Debian's 6.1 kernels.
/// </summary>
public sealed class UnprivilegedBootTests
{
    [Fact]
    public async Task A_normal_user_boots_the_vm_and_virtme_backends_with_its_own_cache_and_gets_the_same_verdicts_as_root()
    {
        Requires.Executable("qemu-system-x86_64", "apt-get install qemu-system-x86");
        Requires.Executable("vng", VirtmeBackend.InstallHint);
        Requires.Executable("udevadm", "apt-get install udev");
        var cloud = await TestKernels.GetAsync(TestKernels.Bookworm);
        var generic = await TestKernels.GetAsync(TestKernels.BookwormGeneric);
        using var run = new NobodyRun("mm-nobody-vm-");
        // What a user has of its own kernels: image files, and for virtme a modules tree (hard links: no copy of 400 MB).
        var cloudImage = run.CopyIn(cloud.Vmlinuz, "vmlinuz-cloud");
        var genericImage = run.CopyIn(generic.Vmlinuz, "vmlinuz-generic");
        var modules = System.IO.Path.Combine(run.Dir, "modules", generic.Release);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(modules)!);
        var cp = await CliWrap.Cli.Wrap("cp").WithArguments(["-al", generic.ModulesDir!, modules])
            .WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, cp.ExitCode);
        var config = run.File("matrix.yml", $"""
            kernels:
              - name: cloud
                source: path
                path: {cloudImage}
                backends: [vm]
              - name: generic
                source: path
                path: {genericImage}
                modules: {modules}
                backends: [virtme]
            families: [ipv4, ipv6]
            backends: [vm, virtme]
            sysctls:
              - name: default
              - name: mptcp-disabled
                values: {"{"} net.mptcp.enabled: 0 {"}"}
            suites: [selftest]
            timeout: 240
            retries: 0
            """);
        run.Open();

        var asUser = await run.RunAsync(config, "out-user/run", asNobody: true);
        Assert.True(asUser.ExitCode == 0, $"as nobody: exit {asUser.ExitCode}\n{asUser.StandardOutput}\n{asUser.StandardError}");
        // The user's run never used root's cache: its kernel work (PVH image, initramfs, boot history) is in its own.
        Assert.NotEmpty(Directory.GetFiles(System.IO.Path.Combine(run.Dir, "cache"), "*", SearchOption.AllDirectories));
        var notTheUsers = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(CliWrap.Cli.Wrap("find")
            .WithArguments([System.IO.Path.Combine(run.Dir, "cache"), "-mindepth", "1", "!", "-uid", NobodyRun.Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            TestContext.Current.CancellationToken);
        Assert.Equal("", notTheUsers.StandardOutput.Trim());

        var asRoot = await run.RunAsync(config, "out-root", asNobody: false);

        Assert.True(asRoot.ExitCode == 0, $"as root: exit {asRoot.ExitCode}\n{asRoot.StandardError}");
        var user = Cells(System.IO.Path.Combine(run.Dir, "out-user", "run"));
        var root = Cells(System.IO.Path.Combine(run.Dir, "out-root"));
        Assert.Equal(8, user.Count);
        Assert.Equal(root.Keys.Order(StringComparer.Ordinal), user.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, cell) in user)
        {
            Assert.True(cell.Status == root[id].Status, $"{id}: as nobody {cell.Status} ({cell.Reason}), as root {root[id].Status}");
            Assert.Equal(root[id].Agent!.Families.Single().Checks.ToDictionary(c => c.Id, c => c.Outcome),
                cell.Agent!.Families.Single().Checks.ToDictionary(c => c.Id, c => c.Outcome));
            Assert.Equal(id.Contains("mptcp-disabled", StringComparison.Ordinal) ? CellStatus.Unsupported : CellStatus.Pass, cell.Status);
        }

        // Without the kvm group the user's boots ran under TCG.
        Assert.Equal("tcg", user["vm-cloud-ipv4-default"].Provenance.Accel);
    }

    private static Dictionary<string, CellResult> Cells(string outDir) =>
        Directory.GetFiles(System.IO.Path.Combine(outDir, "cells"), "*.json")
            .Select(f => JsonSerializer.Deserialize(File.ReadAllText(f), OrchestratorJson.Default.CellResult)!)
            .ToDictionary(c => c.Cell.Id, StringComparer.Ordinal);
}
