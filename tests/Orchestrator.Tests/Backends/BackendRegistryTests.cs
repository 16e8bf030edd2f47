using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Tests.Backends;

public sealed class BackendRegistryTests
{
    [Fact]
    public void A_vm_backend_boots_with_the_memory_cpus_and_mirror_of_matrix_yml()
    {
        var config = ConfigLoader.Load("""
            kernels:
              - {name: bw, source: debian, suite: bookworm}
            backends: [vm]
            debian: {mirror: "http://mirror.invalid/debian"}
            vm: {memory: 768, cpus: 2}
            """, "/tmp/registry.yml");

        var backend = Assert.IsType<VmBackend>(BackendRegistry.Create(config, "vm"));

        Assert.Equal(768, backend.Options.MemoryMb);
        Assert.Equal(2, backend.Options.Cpus);
        Assert.Equal("http://mirror.invalid/debian", backend.Options.Mirror);
    }

    [Fact]
    public void Every_backend_name_of_the_schema_has_an_implementation()
    {
        Assert.Equal(["container", "host", "virtme", "vm"], BackendRegistry.Registered.Order(StringComparer.Ordinal));
    }
}
