using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>Which of a real kernel's modules a matrix boot loads: the diag modules, and only for the suite that reads subflows.</summary>
public sealed class GuestModulesTests
{
    [Theory]
    [InlineData("selftest,sockopts")]
    [InlineData("sockopts")]
    [InlineData(null)]
    public async Task A_boot_that_runs_the_sockopts_suite_loads_inet_diag_then_tcp_diag(string? suites)
    {
        var image = await TestKernels.GetAsync(TestKernels.Trixie);

        var modules = GuestModules.For(image, suites?.Split(','));

        Assert.Equal(["inet_diag.ko.xz", "tcp_diag.ko.xz"], modules.Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("selftest")]
    [InlineData("selftest,inq,fallback")]
    public async Task A_boot_without_the_sockopts_suite_loads_no_module(string suites)
    {
        var image = await TestKernels.GetAsync(TestKernels.Trixie);

        Assert.Empty(GuestModules.For(image, suites.Split(',')));
    }
}
