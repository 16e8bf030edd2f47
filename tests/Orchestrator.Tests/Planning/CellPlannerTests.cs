using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Planning;

public sealed class CellPlannerTests
{
    private static MatrixConfig Load(string yaml) => ConfigLoader.Load(yaml, "/tmp/m.yml");

    [Fact]
    public void The_default_matrix_expands_to_28_cells_with_host_kernels_only_on_host_and_container()
    {
        var cells = CellPlanner.Expand(ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml")));
        Assert.Equal(28, cells.Count);
        Assert.All(cells.Where(c => c.KernelSource.IsHost), c => Assert.Contains(c.Backend, new[] { "host", "container" }));
        Assert.All(cells.Where(c => !c.KernelSource.IsHost), c => Assert.Equal("vm", c.Backend));
        Assert.Equal(cells.Count, cells.Select(c => c.Id).Distinct().Count());
        Assert.Contains(cells, c => c.Id == "vm-bookworm-backports-ipv6-mptcp-disabled" && c.Sysctls["net.mptcp.enabled"] == "0");
    }

    [Fact]
    public void The_same_file_always_yields_the_same_ids_in_the_same_order()
    {
        var path = Path.Combine(RepoPaths.Root, "matrix.yml");
        var first = CellPlanner.Expand(ConfigLoader.LoadFile(path)).Select(c => c.Id).ToList();
        var second = CellPlanner.Expand(ConfigLoader.LoadFile(path)).Select(c => c.Id).ToList();
        Assert.Equal(first, second);
        Assert.Equal("host-host-ipv4-default", first[0]);
    }

    [Fact]
    public void Adding_a_kernel_does_not_change_the_ids_of_existing_cells()
    {
        var before = CellPlanner.Expand(Load("kernels: [{name: bw, source: debian, suite: bookworm}]\nbackends: [vm]\n")).Select(c => c.Id);
        var after = CellPlanner.Expand(Load("kernels: [{name: bw, source: debian, suite: bookworm}, {name: tx, source: debian, suite: trixie}]\nbackends: [vm]\n")).Select(c => c.Id);
        Assert.Subset(after.ToHashSet(), before.ToHashSet());
    }

    [Fact]
    public void Ids_are_lowercased_with_odd_characters_replaced()
    {
        Assert.Equal("vm-my-kernel-ipv4-default", CellPlanner.CellId("vm", "My_Kernel", "ipv4", "default", null, null));
        Assert.Equal("container-host-ipv6-default-alpine-r2", CellPlanner.CellId("container", "host", "ipv6", "default", "alpine", 2));
        Assert.Equal("container-host-ipv6-default", CellPlanner.CellId("container", "host", "ipv6", "default", "scratch", null));
    }

    [Fact]
    public void Repeat_suffixes_every_cell_with_its_run_number()
    {
        var cells = CellPlanner.Expand(Load("kernels: [{name: host, source: host}]\nfamilies: [ipv4]\nrepeat: 3\n"));
        Assert.Equal(["host-host-ipv4-default-r1", "host-host-ipv4-default-r2", "host-host-ipv4-default-r3"], cells.Select(c => c.Id));
        Assert.Equal([1, 2, 3], cells.Select(c => c.Repeat));
    }

    [Fact]
    public void Userspaces_multiply_only_container_cells()
    {
        var cells = CellPlanner.Expand(Load("kernels: [{name: host, source: host}]\nfamilies: [ipv4]\nbackends: [host, container]\nuserspaces: [scratch, alpine]\n"));
        Assert.Equal(["host-host-ipv4-default", "container-host-ipv4-default", "container-host-ipv4-default-alpine"], cells.Select(c => c.Id));
        Assert.Null(cells[0].Userspace);
        Assert.Equal("alpine", cells[2].Userspace);
    }

    [Fact]
    public void Exclude_removes_matching_cells_and_include_adds_cells_expanding_left_out_axes()
    {
        var cells = CellPlanner.Expand(Load("""
            kernels:
              - {name: host, source: host}
              - {name: bw, source: debian, suite: bookworm}
            backends: [host, vm]
            sysctls: [{name: default}, {name: off, values: {net.mptcp.enabled: 0}}]
            exclude:
              - {kernel: bw, variant: off}
              - {family: ipv6, backend: host}
            include:
              - {kernel: host, backend: container, userspace: alpine, family: ipv6}
              - {kernel: bw, variant: off, family: ipv4}
            """));
        Assert.Equal(
            [
                "host-host-ipv4-default", "host-host-ipv4-off",
                "vm-bw-ipv4-default", "vm-bw-ipv6-default",
                "container-host-ipv6-default-alpine", "container-host-ipv6-off-alpine",
                "vm-bw-ipv4-off",
            ], cells.Select(c => c.Id));
    }

    [Fact]
    public void An_include_of_an_existing_cell_adds_nothing()
    {
        var cells = CellPlanner.Expand(Load("kernels: [{name: host, source: host}]\nfamilies: [ipv4]\ninclude: [{kernel: host}]\n"));
        Assert.Single(cells);
    }

    [Fact]
    public void Cells_carry_timeout_retries_and_accel_from_the_file()
    {
        var cells = CellPlanner.Expand(Load("kernels: [{name: bw, source: debian, suite: bookworm, flavour: generic}]\nbackends: [vm, virtme]\nfamilies: [ipv4]\ntimeout: 90\nretries: 2\nvm: {accel: tcg}\n"));
        Assert.All(cells, c => Assert.Equal((90, 2, "tcg"), (c.TimeoutSeconds, c.Retries, c.Accel)));
        Assert.Equal("generic", cells[0].KernelSource.Flavour);
    }

    [Fact]
    public void Two_kernels_whose_ids_collide_after_sanitizing_are_a_load_error()
    {
        var e = Assert.Throws<ConfigException>(() => Load("kernels: [{name: Host, source: host}, {name: host, source: host}]\nfamilies: [ipv4]\n"));
        Assert.Contains("two cells get the id 'host-host-ipv4-default'", e.Message);
    }
}
