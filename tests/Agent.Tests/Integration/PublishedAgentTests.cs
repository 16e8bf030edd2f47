using System.Text.Json;
using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>The published binary on the running kernel.</summary>
public sealed class PublishedAgentTests
{
    [Fact]
    public async Task The_published_agent_passes_every_check_for_IPv4_and_IPv6_on_the_running_kernel()
    {
        Requires.HostMptcp();
        Requires.Capability(File.ReadAllText("/proc/sys/net/mptcp/enabled").Trim() == "1", "net.mptcp.enabled=1 here", "sysctl -w net.mptcp.enabled=1");

        var result = await PublishedAgent.RunAsync("--seed", "7", "--family", "all");

        Assert.True(result.ExitCode == 0, Proc.Describe(result));
        var report = PublishedAgent.Report(result);
        Assert.Equal(AgentReport.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), report.Kernel.Release);
        Assert.Equal("x86_64", report.Kernel.Machine);
        Assert.Equal("1", report.Kernel.MptcpSysctls["net.mptcp.enabled"]);
        Assert.Equal(7UL, report.Seed);
        Assert.Equal(CheckOutcome.Pass, report.Verdict);
        Assert.Equal(["ipv4", "ipv6"], report.Families.Select(f => f.Family));
        foreach (var family in report.Families)
        {
            Assert.Equal(CheckOutcome.Pass, family.Verdict);
            Assert.True(family.Checks.Count > 150, $"{family.Family}: only {family.Checks.Count} checks");
            var notPass = family.Checks.Where(c => c.Outcome != CheckOutcome.Pass).Select(c => c.Id).ToList();
            Assert.True(notPass.Count == 0, $"{family.Family}: {string.Join(", ", notPass)} did not pass");
        }

        Assert.Contains("verdict: pass", result.StandardError, StringComparison.Ordinal);
        // snake_case on the wire, as the orchestrator reads it
        using var doc = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal("pass", doc.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task The_same_seed_reproduces_the_payload_length_and_the_TOS_value()
    {
        Requires.HostMptcp();

        var a = PublishedAgent.Report(await PublishedAgent.RunAsync("--seed", "12345", "--family", "ipv4", "--quiet"));
        var b = PublishedAgent.Report(await PublishedAgent.RunAsync("--seed", "12345", "--family", "ipv4", "--quiet"));
        var c = PublishedAgent.Report(await PublishedAgent.RunAsync("--seed", "54321", "--family", "ipv4", "--quiet"));

        Assert.Equal(Drawn(a), Drawn(b));
        Assert.NotEqual(Drawn(a), Drawn(c));
        Assert.Equal(12345UL, a.Seed);
    }

    [Fact]
    public async Task Without_a_seed_the_agent_draws_one_and_reports_it()
    {
        Requires.HostMptcp();

        var a = PublishedAgent.Report(await PublishedAgent.RunAsync("--family", "ipv6", "--quiet"));
        var b = PublishedAgent.Report(await PublishedAgent.RunAsync("--family", "ipv6", "--quiet", "--seed", a.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(Drawn(a), Drawn(b));
    }

    [Fact]
    public async Task With_MPTCP_disabled_in_a_fresh_network_namespace_the_run_is_unsupported_and_exits_0()
    {
        Requires.Root();
        Requires.HostMptcp();
        var hostBefore = File.ReadAllText("/proc/sys/net/mptcp/enabled").Trim();

        var result = await PublishedAgent.RunAsync("--new-netns", "--sysctl", "net.mptcp.enabled=0", "--variant", "mptcp-disabled");

        Assert.True(result.ExitCode == 0, Proc.Describe(result));
        var report = PublishedAgent.Report(result);
        Assert.Equal(CheckOutcome.Unsupported, report.Verdict);
        Assert.Equal("mptcp-disabled", report.Variant);
        Assert.Equal("0", report.Sysctls["net.mptcp.enabled"]);
        Assert.Equal("0", report.Kernel.MptcpSysctls["net.mptcp.enabled"]);
        Assert.Equal(2, report.Families.Count);
        foreach (var family in report.Families)
        {
            // the selftest's setup, then each support suite's (every pairing with an MPTCP socket in it)
            Assert.Equal(["setup.socket", "sockopts.setup", "inq.mptcp.setup", "inq.tcp_client.setup", "inq.tcp_server.setup",
                "fallback.mptcp_client.setup", "fallback.mptcp_listener.setup"], family.Checks.Select(c => c.Id));
            Assert.All(family.Checks, check =>
            {
                Assert.Equal(CheckOutcome.Unsupported, check.Outcome);
                Assert.Equal("ENOPROTOOPT", check.Errno);
                Assert.Equal(Expectation.MptcpOff, check.Expectation);
            });
            Assert.Contains("net.mptcp.enabled=0", family.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(hostBefore, File.ReadAllText("/proc/sys/net/mptcp/enabled").Trim());
    }

    [Fact]
    public async Task In_a_fresh_network_namespace_with_only_loopback_every_check_passes()
    {
        Requires.Root();
        Requires.HostMptcp();

        var result = await PublishedAgent.RunAsync("--new-netns", "--seed", "99", "--variant", "default", "--timeout", "20");

        Assert.True(result.ExitCode == 0, Proc.Describe(result));
        var report = PublishedAgent.Report(result);
        Assert.Equal(CheckOutcome.Pass, report.Verdict);
        Assert.Equal("default", report.Variant);
        Assert.Equal("1", report.Kernel.MptcpSysctls["net.mptcp.enabled"]);
    }

    [Fact]
    public async Task Without_privileges_a_new_network_namespace_is_refused_with_exit_2_and_a_hint()
    {
        Requires.Root();
        Requires.Executable("setpriv", "apt-get install util-linux");
        var binary = PublishedAgent.Binary;

        var result = await Proc.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", binary, "--new-netns"], PublishedAgent.Timeout);

        Assert.True(result.ExitCode == 2, Proc.Describe(result));
        Assert.Contains("unshare(CLONE_NEWNET) failed: EPERM", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("needs root or CAP_SYS_ADMIN", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Theory]
    [InlineData("--family ipv5", "--family must be ipv4, ipv6 or all, got 'ipv5'")]
    [InlineData("--bogus", "unknown argument '--bogus'")]
    [InlineData("--seed", "--seed needs a value")]
    [InlineData("--seed -1", "--seed expects a number, got '-1'")]
    [InlineData("--timeout 0", "--timeout must be between 1 and 3600, got 0")]
    [InlineData("--port 70000", "--port must be between 0 and 65535, got 70000")]
    [InlineData("--sysctl novalue", "--sysctl expects KEY=VALUE")]
    [InlineData("--sysctl ../../etc/passwd=x", "invalid sysctl key '../../etc/passwd'")]
    public async Task Bad_arguments_exit_2_with_a_message_naming_the_problem(string args, string message)
    {
        var result = await PublishedAgent.RunAsync(args.Split(' '));

        Assert.True(result.ExitCode == 2, Proc.Describe(result));
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task Output_writes_the_report_to_the_file_atomically_and_nothing_to_stdout()
    {
        Requires.HostMptcp();
        var dir = Directory.CreateTempSubdirectory("mm-agent-out-");
        try
        {
            var file = Path.Combine(dir.FullName, "report.json");

            var result = await PublishedAgent.RunAsync("--family", "ipv4", "--output", file, "--quiet");

            Assert.True(result.ExitCode == 0, Proc.Describe(result));
            Assert.Equal("", result.StandardOutput);
            Assert.Equal("", result.StandardError);
            Assert.Equal(["report.json"], dir.GetFiles().Select(f => f.Name));
            var report = PublishedAgent.Parse(File.ReadAllText(file), file);
            Assert.Equal("ipv4", Assert.Single(report.Families).Family);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Version_prints_the_agent_version()
    {
        var result = await PublishedAgent.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^mptcp-agent \d+\.\d+\.\d+\n$", result.StandardOutput);
    }

    /// <summary>What the seed decides: the payload length (the client's write) and the TOS value set.</summary>
    private static (string? Length, string? Tos) Drawn(AgentReport report)
    {
        var checks = report.Families.Single().Checks;
        return (checks.Single(c => c.Id == "client.echo.write").Observed, checks.Single(c => c.Id == "client.ip_tos.roundtrip").Expected);
    }
}
