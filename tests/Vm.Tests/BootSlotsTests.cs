using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

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
