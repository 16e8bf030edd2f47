using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.TestSupport.Runs;
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
