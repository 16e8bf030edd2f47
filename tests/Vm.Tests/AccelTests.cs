using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

public sealed class AccelTests
{
    [Fact]
    public async Task Auto_uses_kvm_only_when_a_probe_boot_answers_and_the_chosen_accel_really_boots()
    {
        TestKernels.RequireQemu();
        var kernel = await TestKernels.GetAsync(TestKernels.Bookworm);
        var decisions = Directory.CreateTempSubdirectory("accel-");
        try
        {
            var selector = new AccelSelector(new QemuRunner(), decisions.FullName);
            var accel = await selector.ResolveAsync("auto", kernel.Vmlinuz, TestContext.Current.CancellationToken);

            Assert.Contains(accel, new[] { "kvm", "tcg" });
            Assert.False(string.IsNullOrEmpty(selector.Reason));
            if (!AccelSelector.KvmUsable(out _)) Assert.Equal("tcg", accel);
            else Assert.Contains(accel == "kvm" ? "end of boot" : "using TCG", selector.Reason);

            // The decision holds for this host boot: a new selector (a later run) does not probe again.
            var later = new AccelSelector(new QemuRunner(), decisions.FullName);
            Assert.Equal(accel, await later.ResolveAsync("auto", kernel.Vmlinuz, TestContext.Current.CancellationToken));
            Assert.StartsWith("remembered", later.Reason);

            // Whatever auto chose must finish a real boot, and the cell's provenance names it.
            using var run = new TestRun();
            var result = Assert.Single(await new VmBackend().RunAsync([TestRun.Cell(TestKernels.Bookworm, "ipv4", accel: accel)], run.Context,
                TestContext.Current.CancellationToken));
            Assert.Equal(CellStatus.Pass, result.Status);
            Assert.Equal(accel, result.Provenance.Accel);
        }
        finally
        {
            decisions.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Forced_tcg_never_probes_and_an_unknown_accel_is_rejected_with_the_valid_values()
    {
        var selector = new AccelSelector(new QemuRunner(), Path.GetTempPath());
        Assert.Equal("tcg", await selector.ResolveAsync("tcg", "/nonexistent", TestContext.Current.CancellationToken));
        Assert.Null(selector.Reason);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => selector.ResolveAsync("hvf", "/nonexistent", TestContext.Current.CancellationToken));
        Assert.Contains("auto, kvm, tcg", e.Message);
    }
}
