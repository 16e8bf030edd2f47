using MptcpMatrix.Orchestrator.Backends.Virtme;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>virtme-ng for real: <c>vng --run</c> boots Debian's generic 6.1 kernel (TCG here) with the host root shared over 9p.</summary>
public sealed class VirtmeTests
{
    private static readonly Dictionary<string, string> Disabled = new() { ["net.mptcp.enabled"] = "0" };

    [Fact]
    public async Task The_generic_kernel_passes_both_families_and_a_disabled_variant_is_unsupported_in_one_vng_boot()
    {
        Requires.Executable("vng", VirtmeBackend.InstallHint);
        Requires.Executable("udevadm", "apt-get install udev");
        Requires.Capability(File.Exists(RepoPaths.AgentBinary), "the built agent", "scripts/build-agent.sh");
        await TestKernels.GetAsync(TestKernels.BookwormGeneric);
        using var run = new TestRun();
        CellSpec[] cells =
        [
            TestRun.Cell(TestKernels.BookwormGeneric, "ipv4", backend: "virtme", accel: "auto", timeout: 150),
            TestRun.Cell(TestKernels.BookwormGeneric, "ipv6", backend: "virtme", accel: "auto", timeout: 150),
            TestRun.Cell(TestKernels.BookwormGeneric, "ipv4", "mptcp-disabled", Disabled, backend: "virtme", accel: "auto", timeout: 150),
        ];

        var results = await new VirtmeBackend().RunAsync(cells, run.Context, TestContext.Current.CancellationToken);

        Assert.True(results[0].Status == CellStatus.Pass, $"{results[0].Status}: {results[0].Reason}");
        Assert.Equal(CellStatus.Pass, results[1].Status);
        Assert.Equal(CellStatus.Unsupported, results[2].Status);
        Assert.Equal("6.1.0-" , results[0].Agent!.Kernel.Release[..6]);
        Assert.EndsWith("-amd64", results[0].Agent!.Kernel.Release);
        Assert.Equal("ipv6", Assert.Single(results[1].Agent!.Families).Family);
        // The backend loads no module in a virtme boot, and Debian builds tcp_diag as one: the kernel loads it itself on the
        // first inet_diag request (request_module runs the shared root's modprobe), so every subflow check sees the subflow.
        var subflow = results.Take(2).SelectMany(r => r.Agent!.Families).SelectMany(f => f.Checks).Where(c => c.Id.EndsWith(".subflow", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(subflow);
        Assert.All(subflow, c => Assert.True(c.Outcome == CheckOutcome.Pass, $"{c.Id}: {c.Outcome} ({c.Expectation}) {c.Reason}"));
        Assert.NotNull(results[0].Provenance.VirtmeVersion);
        Assert.Contains(Path.Combine("logs", cells[0].Id, "virtme.log"), results[0].Logs);
        // The tests of this class run one after the other, and only this one boots vng.
        Assert.Empty(VmFaultTests.QemuProcessesFor("mptcpmatrix-virtme-"));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "mptcpmatrix-virtme-*"));
    }

    [Fact]
    public async Task A_path_kernel_boots_under_virtme_without_writing_into_the_users_modules_directory()
    {
        Requires.Executable("vng", VirtmeBackend.InstallHint);
        Requires.Executable("udevadm", "apt-get install udev");
        Requires.Capability(File.Exists(RepoPaths.AgentBinary), "the built agent", "scripts/build-agent.sh");
        var generic = await TestKernels.GetAsync(TestKernels.BookwormGeneric);
        var user = Directory.CreateTempSubdirectory("mm-user-modules-").FullName;
        try
        {
            // The user's tree, as a kernel build's `make modules_install` leaves it: modules, no modules.dep (hard links: no copy of 400 MB).
            var modules = Path.Combine(user, generic.Release);
            var cp = await CliWrap.Cli.Wrap("cp").WithArguments(["-al", generic.ModulesDir!, modules]).WithValidation(CliWrap.CommandResultValidation.None)
                .ExecuteAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, cp.ExitCode);
            foreach (var index in Directory.GetFiles(modules, "modules.*").Where(f => !f.EndsWith(".order", StringComparison.Ordinal) && !f.Contains("builtin", StringComparison.Ordinal)))
                File.Delete(index);
            var before = Listing(user);
            var source = new KernelSource("path", Path: generic.Vmlinuz, ModulesDir: modules);
            using var run = new TestRun();

            var result = Assert.Single(await new VirtmeBackend().RunAsync([TestRun.Cell(source, "ipv4", backend: "virtme", accel: "auto", timeout: 150)],
                run.Context, TestContext.Current.CancellationToken));

            Assert.True(result.Status == CellStatus.Pass, $"{result.Status}: {result.Reason}");
            Assert.False(File.Exists(Path.Combine(modules, "modules.dep")), "vng's depmod wrote into the user's modules directory");
            Assert.Equal(before, Listing(user));
        }
        finally
        {
            Directory.Delete(user, recursive: true);
        }
    }

    private static List<string> Listing(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p)).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_cloud_kernel_is_untestable_under_virtme_before_booting_because_it_has_no_9p()
    {
        Requires.Executable("vng", VirtmeBackend.InstallHint);
        Requires.Executable("udevadm", "apt-get install udev");
        await TestKernels.GetAsync(TestKernels.Bookworm);
        using var run = new TestRun();

        var result = Assert.Single(await new VirtmeBackend().RunAsync([TestRun.Cell(TestKernels.Bookworm, "ipv4", backend: "virtme")], run.Context,
            TestContext.Current.CancellationToken));

        Assert.Equal(CellStatus.Untestable, result.Status);
        Assert.Contains("no 9p", result.Reason);
        Assert.Contains("flavour: generic", result.Reason);
        Assert.DoesNotContain(result.Logs, l => l.EndsWith("virtme.log", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_vng_the_cells_are_skipped_with_the_install_hint()
    {
        using var run = new TestRun();
        var backend = new VirtmeBackend(vng: "/nonexistent/vng");

        var probe = await backend.ProbeAsync(TestContext.Current.CancellationToken);
        var result = Assert.Single(await backend.RunAsync([TestRun.Cell(TestKernels.BookwormGeneric, "ipv4", backend: "virtme")], run.Context,
            TestContext.Current.CancellationToken));

        Assert.False(probe.Available);
        Assert.Contains("virtme-ng", probe.Fix);
        Assert.Equal(CellStatus.Skipped, result.Status);
        Assert.Contains("dpkg -i virtme-ng", result.Reason);
    }

    [Fact]
    public void Exec_arguments_are_single_quoted_for_the_guest_shell()
    {
        Assert.Equal("'a b'", VirtmeBackend.Quote("a b"));
        Assert.Equal("'it'\\''s; rm -rf /'", VirtmeBackend.Quote("it's; rm -rf /"));
    }
}
