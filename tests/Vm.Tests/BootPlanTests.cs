using System.Text;
using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

public sealed class BootPlanTests
{
    [Fact]
    public void One_boot_runs_each_variant_in_its_own_namespace_with_the_families_of_its_cells()
    {
        var disabled = new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" };
        var cells = new[]
        {
            TestRun.Cell(TestKernels.Bookworm, "ipv4"),
            TestRun.Cell(TestKernels.Bookworm, "ipv6"),
            TestRun.Cell(TestKernels.Bookworm, "ipv4", "mptcp-disabled", disabled),
        };
        var plan = BootPlan.For(cells, 10);

        Assert.Equal(2, plan.Plan.Variants.Count);
        Assert.Equal(["ipv4", "ipv6"], plan.Plan.Variants[0].Families);
        Assert.Equal("mptcp-disabled", plan.Plan.Variants[1].Name);
        Assert.Equal("0", plan.Plan.Variants[1].Sysctls["net.mptcp.enabled"]);
        Assert.Equal("mptcp-disabled", plan.VariantOfCell[cells[2].Id]);

        Assert.Contains(" clearcpuid=cx16 no_timer_check ", plan.KernelCommandLine(null, tcg: true));
        Assert.Equal("console=ttyS0 panic=-1 random.trust_cpu=on cryptomgr.notests=1 noreplace-smp rdinit=/init", plan.KernelCommandLine(null));
        var decoded = JsonSerializer.Deserialize(plan.PlanJson(), ContractJson.Default.InitPlan)!;
        Assert.Equal(10, decoded.TimeoutSeconds);
        Assert.Equal("/dev/ttyS1", decoded.ResultDevice);
        Assert.Equal(plan.Plan.Variants.Select(v => v.Name), decoded.Variants.Select(v => v.Name));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(JsonSerializer.SerializeToNode(plan.Plan, ContractJson.Default.InitPlan),
            System.Text.Json.Nodes.JsonNode.Parse(plan.PlanJson())), "the compact fast path writes another plan than the contract's context");
    }

    [Fact]
    public void The_kernel_command_line_stays_short_however_many_variants_a_boot_runs()
    {
        // 2 variants x 100 repetitions: the plan is ~15 KB; the x86 command line holds 2 KB.
        var cells = Enumerable.Range(1, 100).SelectMany(r => new[]
        {
            TestRun.Cell(TestKernels.Bookworm, "ipv4") with { Id = $"vm-k-ipv4-default-r{r}", Repeat = r },
            TestRun.Cell(TestKernels.Bookworm, "ipv6", "mptcp-disabled", new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" }) with { Id = $"vm-k-ipv6-off-r{r}", Repeat = r },
        }).ToList();

        var plan = BootPlan.For(cells, 15);

        Assert.Equal(200, plan.Plan.Variants.Count);
        Assert.True(plan.PlanJson().Length > 10_000);
        var single = BootPlan.For([cells[0]], 15);
        Assert.Equal(single.KernelCommandLine(5, tcg: true), plan.KernelCommandLine(5, tcg: true));
        Assert.True(plan.KernelCommandLine(5, tcg: true).Length < 256);
        Assert.Equal("mptcp-disabled#r100", plan.VariantOfCell["vm-k-ipv6-off-r100"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_boot_initramfs_is_the_agent_archive_padded_to_4_bytes_then_a_cpio_archive_holding_only_the_plan(bool gzipBase)
    {
        var dir = Directory.CreateTempSubdirectory("bootplan-");
        try
        {
            var baseArchive = Path.Combine(dir.FullName, "agent.cpio");
            var init = Path.Combine(dir.FullName, "init");
            File.WriteAllBytes(init, [.. Enumerable.Range(0, 4099).Select(i => (byte)i)]);
            using (var stream = File.Create(baseArchive)) InitramfsBuilder.Write(stream, init, null, compress: gzipBase);
            var plan = "{\"variants\":[{\"name\":\"default\",\"families\":[\"ipv4\"],\"sysctls\":{}}]}"u8.ToArray();
            var target = Path.Combine(dir.FullName, "boot.cpio");

            InitramfsBuilder.WriteWithPlan(baseArchive, plan, target);

            var bytes = File.ReadAllBytes(target);
            var baseBytes = File.ReadAllBytes(baseArchive);
            Assert.Equal(baseBytes, bytes[..baseBytes.Length]);
            var second = (baseBytes.Length + 3) / 4 * 4;
            Assert.All(bytes[baseBytes.Length..second], b => Assert.Equal(0, b));
            // newc: "070701", 13 eight-digit hex fields (filesize is the 7th, namesize the 12th), the name, padding, the data.
            Assert.Equal("070701", Encoding.ASCII.GetString(bytes, second, 6));
            int Field(int i) => Convert.ToInt32(Encoding.ASCII.GetString(bytes, second + 6 + i * 8, 8), 16);
            Assert.Equal(plan.Length, Field(6));
            Assert.Equal("init-plan.json\0", Encoding.ASCII.GetString(bytes, second + 110, Field(11)));
            var data = second + (110 + Field(11) + 3) / 4 * 4;
            Assert.Equal(plan, bytes[data..(data + plan.Length)]);
            Assert.Contains("TRAILER!!!", Encoding.ASCII.GetString(bytes, data + plan.Length, bytes.Length - data - plan.Length));
            Assert.Equal(0, bytes.Length % 4);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_qemu_command_has_no_network_a_bounded_size_and_two_serial_files()
    {
        var args = new QemuMachine("/k", "/i", "console=ttyS0", "tcg", 512, 1, "/log/console.log", "/tmp/r.txt", TimeSpan.FromSeconds(5)).Arguments();
        Assert.Contains("-nodefaults", args);
        Assert.Contains("-no-reboot", args);
        Assert.Equal("512", args[args.ToList().IndexOf("-m") + 1]);
        Assert.Equal("1", args[args.ToList().IndexOf("-smp") + 1]);
        Assert.Equal(["file:/log/console.log", "file:/tmp/r.txt"], args.Select((a, i) => (a, i)).Where(x => x.a == "-serial").Select(x => args[x.i + 1]));
        Assert.DoesNotContain(args, a => a.StartsWith("-net", StringComparison.Ordinal) || a.Contains("netdev", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_carries_the_cells_suites_to_the_agent_s_init()
    {
        var cells = new[] { TestRun.Cell(TestKernels.Bookworm, "ipv4") with { Suites = ["selftest", "fallback"] } };

        var plan = BootPlan.For(cells, 10);
        var json = Encoding.UTF8.GetString(plan.PlanJson());

        Assert.Equal(["selftest", "fallback"], plan.Plan.Suites);
        Assert.Contains("\"suites\":[\"selftest\",\"fallback\"]", json);
    }
}
