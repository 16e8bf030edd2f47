using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Faults;

public sealed class FaultInjectionTests
{
    [Theory]
    [MemberData(nameof(FaultTable.Names), MemberType = typeof(FaultTable))]
    public void An_injected_fault_fails_its_check_with_the_value_the_kernel_returned(string fault)
    {
        var fc = FaultTable.Get(fault);
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance);
        fc.Install(api);

        var run = RealRun.Family(api, fc.Family);

        Assert.True(api.Hits > 0, $"the fault '{fault}' never fired: its rule matches no call");
        var all = RealRun.Describe(run);
        var target = run.Checks.Where(c => c.Id == fc.Target).ToList();
        Assert.True(target.Count == 1, $"{fc.Target} reported {target.Count} times; non-pass checks:\n{all}");
        Assert.True(target[0].Outcome == CheckOutcome.Fail, $"{fc.Target} is {target[0].Outcome}, not fail; non-pass checks:\n{all}");
        fc.Observed(target[0]);
        Assert.Equal(CheckOutcome.Fail, run.Verdict);

        bool Tolerated(string id) => fc.Tolerated.Any(p => id.StartsWith(p, StringComparison.Ordinal));
        foreach (var also in fc.AlsoFails)
        {
            Assert.True(run.Checks.Any(c => c.Id == also && c.Outcome == CheckOutcome.Fail), $"{also} should fail as well; non-pass checks:\n{all}");
        }

        var unexpected = run.Checks
            .Where(c => c.Outcome != CheckOutcome.Pass && c.Id != fc.Target && !fc.AlsoFails.Contains(c.Id) && !Tolerated(c.Id))
            .Select(c => $"{c.Id} ({c.Outcome})").ToList();
        Assert.True(unexpected.Count == 0, $"checks unrelated to the fault did not pass: {string.Join(", ", unexpected)}\nnon-pass checks:\n{all}");
    }
}
