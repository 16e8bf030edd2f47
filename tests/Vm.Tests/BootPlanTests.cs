using System.Text;
using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
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

        Assert.Contains(" clearcpuid=cx16 ", plan.KernelCommandLine(null, tcg: true));
        var cmdline = plan.KernelCommandLine(null);
        Assert.StartsWith("console=ttyS0 panic=-1 random.trust_cpu=on ", cmdline);
        var token = cmdline.Split(' ').Single(t => t.StartsWith("mptcpmatrix.plan=", StringComparison.Ordinal))["mptcpmatrix.plan=".Length..];
        Assert.DoesNotContain('=', token);
        var b64 = token.Replace('-', '+').Replace('_', '/');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
        var decoded = JsonSerializer.Deserialize(json, ContractJson.Default.InitPlan)!;
        Assert.Equal(10, decoded.TimeoutSeconds);
        Assert.Equal("/dev/ttyS1", decoded.ResultDevice);
        Assert.Equal(plan.Plan.Variants.Select(v => v.Name), decoded.Variants.Select(v => v.Name));
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
}
