using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>Real Debian kernels booted under QEMU (TCG) with the real agent as init: one boot per kernel runs every cell.</summary>
public sealed class VmIntegrationTests
{
    private static readonly Dictionary<string, string> Disabled = new() { ["net.mptcp.enabled"] = "0" };

    private static void RequireAgent() =>
        Requires.Capability(File.Exists(Path.Combine(RepoPaths.AgentBundle, "opt/mptcp-agent/mptcp-agent")), "the built agent bundle", "scripts/build-agent.sh");

    private static async Task<IReadOnlyList<CellResult>> BootAsync(KernelSource kernel, string name, TestRun run, VmBackendOptions? options = null)
    {
        TestKernels.RequireQemu();
        RequireAgent();
        await TestKernels.GetAsync(kernel);
        CellSpec[] cells =
        [
            TestRun.Cell(kernel, "ipv4", kernelName: name),
            TestRun.Cell(kernel, "ipv6", kernelName: name),
            TestRun.Cell(kernel, "ipv4", "mptcp-disabled", Disabled, kernelName: name),
            TestRun.Cell(kernel, "ipv6", "mptcp-disabled", Disabled, kernelName: name),
        ];
        var results = await new VmBackend(options).RunAsync(cells, run.Context, TestContext.Current.CancellationToken);
        Assert.Equal(cells.Select(c => c.Id), results.Select(r => r.Cell.Id));
        return results;
    }

    private static IEnumerable<CheckResult> Checks(CellResult result) => Assert.Single(result.Agent!.Families).Checks;

    /// <summary>
    /// Pass, with every check passing except what the kernel is too old for: on 6.1 MPTCP_FULL_INFO (6.5+) and the
    /// mptcp_info byte counters (6.8+) are <c>unsupported</c>; on 6.12 nothing is.
    /// </summary>
    private static void AssertEveryCheckPassesOrIsUnsupportedFullInfo(CellResult result, bool fullInfoExpected)
    {
        Assert.True(result.Status == CellStatus.Pass, $"{result.Cell.Id}: {result.Status} {result.Reason}");
        var checks = Checks(result).Where(c => !IsSuiteCheck(c)).ToList();
        Assert.True(checks.Count > 10, $"{result.Cell.Id} ran only {checks.Count} checks");
        Assert.All(checks.Where(c => !c.Id.Contains("full_info", StringComparison.Ordinal)), c =>
        {
            if (!fullInfoExpected && c.Id.Contains("mptcp_info.counters.bytes", StringComparison.Ordinal)) Assert.Equal(CheckOutcome.Unsupported, c.Outcome);
            else Assert.True(c.Outcome == CheckOutcome.Pass, $"{c.Id}: {c.Outcome} {c.Reason} expected {c.Expected} observed {c.Observed}");
        });
        var fullInfo = checks.Where(c => c.Id.Contains("full_info", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(fullInfo);
        if (fullInfoExpected) Assert.All(fullInfo, c => Assert.Equal(CheckOutcome.Pass, c.Outcome));
        else Assert.All(fullInfo, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
    }

    private static bool IsSuiteCheck(CheckResult c) =>
        c.Id.StartsWith("sockopts.", StringComparison.Ordinal) || c.Id.StartsWith("inq.", StringComparison.Ordinal) ||
        c.Id.StartsWith("fallback.", StringComparison.Ordinal);

    /// <summary>
    /// The support suites on this kernel: every check passes except the options the kernel predates, which are
    /// <c>expected_unsupported</c> exactly for <paramref name="predates"/> (features); the features of
    /// <paramref name="backported"/>, newer upstream than this kernel, pass as expected through their verified stable
    /// backports, and nothing is left <c>earlier_than_upstream</c> (unexplained).
    /// </summary>
    private static void AssertSuites(CellResult result, string[] predates, string[] backported)
    {
        var checks = Checks(result).Where(IsSuiteCheck).ToList();
        Assert.True(checks.Count > 140, $"{result.Cell.Id}: only {checks.Count} suite checks");
        var unsupported = checks.Where(c => c.Outcome == CheckOutcome.Unsupported).ToList();
        Assert.All(unsupported, c => Assert.Equal(Expectation.ExpectedUnsupported, c.Expectation));
        Assert.Equal(predates.Order(StringComparer.Ordinal), unsupported.Select(c => c.Feature!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(checks.Where(c => c.Outcome != CheckOutcome.Unsupported), c =>
            Assert.True(c.Outcome == CheckOutcome.Pass, $"{c.Id}: {c.Outcome} {c.Reason} expected {c.Expected} observed {c.Observed}"));
        Assert.Empty(checks.Where(c => c.Expectation == Expectation.EarlierThanUpstream).Select(c => c.Id));
        Assert.All(backported, feature => Assert.All(checks.Where(c => c.Feature == feature), c =>
            Assert.True(c.Outcome == CheckOutcome.Pass && c.Expectation is null, $"{c.Id}: {c.Outcome} {c.Expectation}")));
        Assert.All(backported, feature => Assert.Contains(checks, c => c.Feature == feature));
    }

    [Fact]
    public async Task Bookworm_6_1_passes_every_check_for_both_families_with_full_info_unsupported()
    {
        using var run = new TestRun();
        var results = await BootAsync(TestKernels.Bookworm, "bookworm", run);

        AssertEveryCheckPassesOrIsUnsupportedFullInfo(results[0], fullInfoExpected: false);
        AssertEveryCheckPassesOrIsUnsupportedFullInfo(results[1], fullInfoExpected: false);
        // Debian's 6.1.176 carries the TCP_KEEP* (6.1.94), SO_KEEPALIVE read-back and getsockopt FREEBIND/TRANSPARENT/
        // IPV6_V6ONLY (6.1.135) backports; it predates TFO on MPTCP listeners, the ephemeral-port options,
        // TCP_NOTSENT_LOWAT, TCP_IS_MPTCP, TCP_MAXSEG and MPTCP_FULL_INFO.
        string[] predates = ["tcp_fastopen", "tcp_fastopen_key", "tcp_fastopen_no_cookie", "ip_local_port_range", "tcp_notsent_lowat",
            "tcp_is_mptcp", "tcp_maxseg", "mptcp_full_info"];
        AssertSuites(results[0], predates, ["tcp_keepalive_options", "so_keepalive_get", "ip_freebind_transparent_get"]);
        AssertSuites(results[1], predates, ["tcp_keepalive_options", "so_keepalive_get", "ip_freebind_transparent_get", "ipv6_v6only_get"]);
        Assert.StartsWith("6.1.", results[0].Provenance.KernelRelease);
        Assert.Equal("pvh", results[0].Provenance.BootEntry);
        Assert.Equal("tcg", results[0].Provenance.Accel);
        Assert.NotNull(results[0].Provenance.KernelSha256);
        Assert.StartsWith("linux-image-6.1.", results[0].Provenance.KernelPackage);
        // What a bookworm machine runs today: the newest kernel across bookworm and its pockets (bookworm-security here).
        var resolved = await TestKernels.GetAsync(TestKernels.Bookworm);
        Assert.Equal(resolved.Package, results[0].Provenance.KernelPackage);
        Assert.StartsWith("bookworm-", resolved.Pocket);
        Assert.Equal(resolved.Pocket, results[0].Provenance.KernelPocket);
        Assert.NotNull(results[0].Provenance.QemuVersion);
        Assert.Contains("Linux version 6.1.", await File.ReadAllTextAsync(Path.Combine(run.OutDir, results[1].Logs.Single(l => l.EndsWith("console.log", StringComparison.Ordinal))),
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Trixie_6_12_passes_every_check_for_both_families_including_full_info()
    {
        using var run = new TestRun();
        var results = await BootAsync(TestKernels.Trixie, "trixie", run);

        AssertEveryCheckPassesOrIsUnsupportedFullInfo(results[0], fullInfoExpected: true);
        AssertEveryCheckPassesOrIsUnsupportedFullInfo(results[1], fullInfoExpected: true);
        // 6.12.y has the getsockopt FREEBIND/TRANSPARENT/IPV6_V6ONLY fixes of 6.15, not TCP_MAXSEG (6.17).
        AssertSuites(results[0], ["tcp_maxseg"], ["ip_freebind_transparent_get"]);
        AssertSuites(results[1], ["tcp_maxseg"], ["ip_freebind_transparent_get", "ipv6_v6only_get"]);
        Assert.StartsWith("6.12.", results[0].Provenance.KernelRelease);
        Assert.Equal("pvh", results[0].Provenance.BootEntry);
        // Debian 6.12's modules are .ko.xz: the boot got them decompressed on the host, and loaded them (the subflow checks above passed).
        var logDir = run.Context.LogDir(results[0].Cell.Id);
        var modules = await File.ReadAllLinesAsync(Path.Combine(logDir, "guest-modules.txt"), TestContext.Current.CancellationToken);
        Assert.All(modules, m => Assert.Matches(@"\.ko\.xz \(decompressed: .*/modules/[0-9a-f]{32}/[a-z_]+\.ko\)$", m));
        Assert.Equal(0, Assert.Single(GuestProgramRun.ReadLog(logDir), p => p.Name == "load-modules").Exit);
    }

    [Theory]
    [InlineData("bookworm", false)]
    [InlineData("trixie", true)]
    public async Task The_bzimage_entry_still_boots_and_passes_when_asked_for(string suite, bool fullInfo)
    {
        using var run = new TestRun();
        var results = await BootAsync(new KernelSource("debian", Suite: suite), suite, run, new VmBackendOptions(Pvh: false));

        AssertEveryCheckPassesOrIsUnsupportedFullInfo(results[0], fullInfoExpected: fullInfo);
        AssertEveryCheckPassesOrIsUnsupportedFullInfo(results[1], fullInfoExpected: fullInfo);
        Assert.All(results, r => Assert.Equal("bzimage", r.Provenance.BootEntry));
        Assert.StartsWith("bzimage: ", await File.ReadAllTextAsync(Path.Combine(run.OutDir, "logs", results[0].Cell.Id, "boot-entry.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_variant_with_mptcp_disabled_is_unsupported_in_its_own_namespace_while_the_default_passes_in_the_same_boot()
    {
        using var run = new TestRun();
        var results = await BootAsync(TestKernels.Bookworm, "bookworm", run);

        Assert.Equal(CellStatus.Pass, results[0].Status);
        Assert.Equal(CellStatus.Unsupported, results[2].Status);
        Assert.Equal(CellStatus.Unsupported, results[3].Status);
        Assert.Equal("0", results[2].Agent!.Kernel.MptcpSysctls.Single(kv => kv.Key is "enabled" || kv.Key.EndsWith(".enabled", StringComparison.Ordinal)).Value);
        Assert.Equal("1", results[0].Agent!.Kernel.MptcpSysctls.Single(kv => kv.Key is "enabled" || kv.Key.EndsWith(".enabled", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task Bookworm_backports_6_12_boots_reliably_under_tcg()
    {
        // Without clearcpuid=cx16 this kernel oopses in about one boot of seven under QEMU 7.2's TCG (docs/vm.md).
        using var run = new TestRun();
        TestKernels.RequireQemu();
        RequireAgent();
        var backports = new KernelSource("debian", Suite: "bookworm-backports");
        await TestKernels.GetAsync(backports);
        for (var i = 0; i < 4; i++)
        {
            var results = await new VmBackend().RunAsync(
                [TestRun.Cell(backports, "ipv4", kernelName: $"bp{i}"), TestRun.Cell(backports, "ipv6", kernelName: $"bp{i}")],
                run.Context, TestContext.Current.CancellationToken);
            Assert.All(results, r => Assert.Equal(CellStatus.Pass, r.Status));
        }
    }

    [Fact]
    public async Task A_kernel_whose_config_lacks_the_serial_console_and_initramfs_is_untestable_naming_both_without_booting()
    {
        TestKernels.RequireQemu();
        using var run = new TestRun();
        var real = await TestKernels.GetAsync(TestKernels.Bookworm);
        var dir = Directory.CreateTempSubdirectory("precheck-");
        try
        {
            var image = Path.Combine(dir.FullName, "vmlinuz");
            File.Copy(real.Vmlinuz, image);
            var lines = (await File.ReadAllLinesAsync(real.Config!, TestContext.Current.CancellationToken))
                .Where(l => !l.StartsWith("CONFIG_SERIAL_8250_CONSOLE=", StringComparison.Ordinal) && !l.StartsWith("CONFIG_BLK_DEV_INITRD=", StringComparison.Ordinal))
                .Append("# CONFIG_SERIAL_8250_CONSOLE is not set").Append("# CONFIG_DEVTMPFS is not set");
            await File.WriteAllLinesAsync(Path.Combine(dir.FullName, ".config"), lines, TestContext.Current.CancellationToken);
            var kernel = new KernelSource("path", Path: image);

            var result = Assert.Single(await new VmBackend().RunAsync([TestRun.Cell(kernel, "ipv4", kernelName: "lacking")], run.Context, TestContext.Current.CancellationToken));

            Assert.Equal(CellStatus.Untestable, result.Status);
            Assert.Equal("the kernel config lacks what a vm cell needs: CONFIG_SERIAL_8250_CONSOLE (the serial console), CONFIG_BLK_DEV_INITRD (the initramfs holding the agent)", result.Reason);
            Assert.DoesNotContain(result.Logs, l => l.EndsWith("console.log", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bullseye_5_10_is_untestable_from_its_config_without_booting()
    {
        TestKernels.RequireQemu();
        using var run = new TestRun();
        var image = await TestKernels.GetAsync(TestKernels.Bullseye);
        Assert.StartsWith("5.10.", image.Release);

        var results = await new VmBackend().RunAsync(
            [TestRun.Cell(TestKernels.Bullseye, "ipv4", kernelName: "bullseye"), TestRun.Cell(TestKernels.Bullseye, "ipv6", kernelName: "bullseye")],
            run.Context, TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.Equal(CellStatus.Untestable, r.Status));
        Assert.All(results, r => Assert.Contains("CONFIG_MPTCP is not set", r.Reason));
        Assert.All(results, r => Assert.DoesNotContain(r.Logs, l => l.EndsWith("console.log", StringComparison.Ordinal)));
        Assert.All(results, r => Assert.Equal("none", r.Provenance.Accel));
    }
}
