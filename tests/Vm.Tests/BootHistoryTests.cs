using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

public sealed class BootHistoryTests
{
    [Fact]
    public async Task Batches_start_longest_first_by_past_boot_duration_with_unknown_kernels_first()
    {
        var dir = Directory.CreateTempSubdirectory("boothistory-");
        try
        {
            var ct = TestContext.Current.CancellationToken;
            await BootHistory.RecordAsync(dir.FullName, TestKernels.Bookworm, TimeSpan.FromSeconds(2), ct);
            await BootHistory.RecordAsync(dir.FullName, TestKernels.Trixie, TimeSpan.FromSeconds(4), ct);
            await BootHistory.RecordAsync(dir.FullName, TestKernels.Trixie, TimeSpan.FromSeconds(6), ct);
            var sid = new KernelSource("debian", Suite: "sid");
            IReadOnlyList<CellSpec>[] batches =
            [
                [TestRun.Cell(KernelSource.Host, "ipv4", backend: "host", kernelName: "host")],
                [TestRun.Cell(TestKernels.Bookworm, "ipv4", kernelName: "bookworm")],
                [TestRun.Cell(TestKernels.Trixie, "ipv4", kernelName: "trixie")],
                [TestRun.Cell(sid, "ipv4", kernelName: "sid")],
            ];

            var order = BootHistory.LongestFirst(batches, dir.FullName).Select(b => b[0].Kernel);

            Assert.Equal(["sid", "trixie", "bookworm", "host"], order);
            Assert.Equal(5.0, BootHistory.Estimate(dir.FullName, TestKernels.Trixie));
            Assert.Null(BootHistory.Estimate(dir.FullName, sid));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

public sealed class BootSlotsTests
{
    [Fact]
    public void Parallel_boots_are_bounded_by_cores_and_by_memory()
    {
        Assert.Equal(2, BootSlots.Capacity(512, availableMb: 64_000, cpus: 2));
        Assert.Equal(1, BootSlots.Capacity(512, availableMb: 1_000, cpus: 8));
        Assert.Equal(3, BootSlots.Capacity(512, availableMb: 2_400, cpus: 8));
        Assert.Equal(1, BootSlots.Capacity(4096, availableMb: 100, cpus: 8));
    }
}

public sealed class TempDirsTests
{
    [Fact]
    public void A_temp_dir_left_by_a_killed_run_is_swept_and_live_ones_are_kept()
    {
        var dead = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mptcpmatrix-sweeptest-2147483000-abc"));
        var mine = TempDirs.Create("mptcpmatrix-sweeptest-");
        try
        {
            Assert.False(Directory.Exists(dead.FullName));
            Assert.StartsWith($"mptcpmatrix-sweeptest-{Environment.ProcessId}-", mine.Name);
            TempDirs.Sweep("mptcpmatrix-sweeptest-");
            Assert.True(mine.Exists);
        }
        finally
        {
            mine.Delete(recursive: true);
        }
    }
}
