using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

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
