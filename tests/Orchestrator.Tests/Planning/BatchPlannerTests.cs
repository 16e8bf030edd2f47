using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Tests.Planning;

public sealed class BatchPlannerTests
{
    private static IReadOnlyList<Cells.CellSpec> Cells(string extra = "") => CellPlanner.Expand(ConfigLoader.Load($$"""
        kernels:
          - {name: host, source: host}
          - {name: bw, source: debian, suite: bookworm}
          - {name: tx, source: debian, suite: trixie}
        backends: [host, vm, virtme]
        timeout: 100
        {{extra}}
        """, "/tmp/m.yml"));

    [Fact]
    public void Vm_and_virtme_cells_of_one_kernel_share_a_batch_and_everything_else_runs_alone()
    {
        var cells = Cells();
        var batches = BatchPlanner.Batches(cells, new VmSettings { Batch = true });
        Assert.Equal(2 + 2 + 2, batches.Count); // host: 2 single, vm: one per kernel, virtme: one per kernel
        Assert.Equal(["vm-bw-ipv4-default", "vm-bw-ipv6-default"], batches.Single(b => b[0].Id == "vm-bw-ipv4-default").Select(c => c.Id));
        Assert.Equal(["virtme-tx-ipv4-default", "virtme-tx-ipv6-default"], batches.Single(b => b[0].Id == "virtme-tx-ipv4-default").Select(c => c.Id));
        Assert.All(batches.Where(b => b[0].Backend is not ("vm" or "virtme")), b => Assert.Single(b));
    }

    [Fact]
    public void Batching_can_be_turned_off()
    {
        var cells = Cells();
        Assert.Equal(cells.Count, BatchPlanner.Batches(cells, new VmSettings { Batch = false }).Count);
    }

    [Fact]
    public void A_batch_gets_the_sum_of_its_cell_timeouts_capped_at_an_hour()
    {
        var cells = Cells("repeat: 30");
        var batch = BatchPlanner.Batches(cells, new VmSettings()).First(b => b[0].Backend == "vm");
        Assert.Equal(60, batch.Count);
        Assert.Equal(TimeSpan.FromHours(1), TimeBudget.For(batch).Batch);
        Assert.Equal(TimeSpan.FromSeconds(200), TimeBudget.For(batch.Take(2).ToList()).Batch);
    }
}
