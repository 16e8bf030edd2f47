using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary><c>--suite</c> on the published agent.</summary>
public sealed class SuiteCommandLineTests
{
    [Fact]
    public async Task Only_the_suites_named_run_and_their_checks_carry_the_suite_s_name()
    {
        Requires.HostMptcp();
        Requires.Root();

        var result = await PublishedAgent.RunAsync("--new-netns", "--family", "ipv4", "--quiet", "--suite", "fallback", "--suite", "sockopts");

        Assert.True(result.ExitCode == 0, Proc.Describe(result));
        var checks = PublishedAgent.Report(result).Families.Single().Checks;
        Assert.Equal(["sockopts", "fallback"], checks.Select(c => c.Id.Split('.')[0]).Distinct());
        Assert.All(checks, c => Assert.True(c.Outcome == CheckOutcome.Pass, $"{c.Id}: {c.Outcome} {c.Observed} {c.Reason}"));
        Assert.All(checks, c => Assert.NotNull(c.Feature));
    }

    [Fact]
    public async Task The_selftest_alone_reports_no_support_suite_check()
    {
        Requires.HostMptcp();
        Requires.Root();

        var result = await PublishedAgent.RunAsync("--new-netns", "--family", "ipv6", "--quiet", "--suite", "selftest");

        var checks = PublishedAgent.Report(result).Families.Single().Checks;
        Assert.True(checks.Count > 150, $"only {checks.Count} checks");
        Assert.DoesNotContain(checks, c => c.Id.StartsWith("sockopts.", StringComparison.Ordinal) || c.Id.StartsWith("inq.", StringComparison.Ordinal)
            || c.Id.StartsWith("fallback.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_suite_exits_2_naming_the_valid_ones()
    {
        var result = await PublishedAgent.RunAsync("--suite", "sockopt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--suite must be one of selftest, sockopts, inq, fallback, got 'sockopt'", result.StandardError, StringComparison.Ordinal);
    }
}
