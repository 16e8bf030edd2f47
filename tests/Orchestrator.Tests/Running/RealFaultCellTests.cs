using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Host;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>
/// Host cells of the real agent with a real fault below it, as a user would meet one: a middlebox that strips MPTCP
/// from the handshake, and a kernel that refuses MPTCP_INFO although its version has it. Both cells are red, with the
/// reason, in the cell result and in every report format.
/// </summary>
public sealed class RealFaultCellTests : IDisposable
{
    private const int SolMptcp = 284, MptcpInfo = 1, Eopnotsupp = 95;
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("ipv4")]
    [InlineData("ipv6")]
    public async Task A_middlebox_that_strips_MPTCP_makes_the_cell_fail_with_fell_back_to_TCP(string family)
    {
        RealFaults.RequireMiddlebox();
        Requires.Executable("unshare", "apt-get install util-linux");
        // The agent would unshare a namespace of its own (--new-netns): the wrapper makes it, installs the middlebox in
        // it and runs the agent there instead.
        var agent = Wrap($"""
            args=""; for a in "$@"; do [ "$a" = --new-netns ] || args="$args '$a'"; done
            exec unshare -n sh -c "ip link set lo up && {RealFaults.MiddleboxShell} && exec {RealAgent()} $args"
            """);

        var result = await RunCell(agent, family);

        Assert.Equal(CellStatus.Fail, result.Status);
        Assert.StartsWith("the connection fell back to TCP", result.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Agent!.Families.Single().Checks, c => c.Id == "client.connection.mptcp" && c.Expectation == Expectation.FellBack);
        AssertEveryFormatSays(result, "fell back to TCP");
    }

    [Fact]
    public async Task A_kernel_that_refuses_MPTCP_INFO_it_should_have_makes_the_cell_fail_as_a_regression()
    {
        var refuse = string.Join(' ', RealFaults.RefuseSockopt(SolMptcp, MptcpInfo, Eopnotsupp));
        var agent = Wrap($"""exec {refuse} {RealAgent()} "$@" """);

        var result = await RunCell(agent, "ipv4");

        Assert.Equal(CellStatus.Fail, result.Status);
        Assert.Contains("regression(s) (mptcp_info", result.Reason, StringComparison.Ordinal);
        Assert.Contains("missing on Linux", result.Reason, StringComparison.Ordinal);
        AssertEveryFormatSays(result, "regression");
    }

    private static string RealAgent()
    {
        Requires.Capability(File.Exists(RepoPaths.AgentBinary), $"the built agent ({RepoPaths.AgentBinary})", "run scripts/build-agent.sh");
        Requires.Root();
        Requires.HostMptcp();
        return RepoPaths.AgentBinary;
    }

    /// <summary>An agent directory whose binary is a shell wrapper around the real agent.</summary>
    private AgentArtifacts Wrap(string body)
    {
        var bin = Directory.CreateDirectory(Path.Combine(dir.Path, "agent", "bin")).FullName;
        var script = Path.Combine(bin, "mptcp-agent");
        File.WriteAllText(script, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new AgentArtifacts(script, Path.Combine(dir.Path, "agent", "bundle"));
    }

    private async Task<CellResult> RunCell(AgentArtifacts agent, string family)
    {
        var cell = new CellSpec(CellPlanner.CellId("host", "host", family, "default", null, null), "host", KernelSource.Host, family, "host",
            "default", new Dictionary<string, string>(), null, 1, 60, 1, null);
        var context = new RunContext(dir.Path, agent, Path.Combine(dir.Path, "cache"), (_, _) => { });
        var result = Assert.Single(await new HostBackend(agent).RunAsync([cell], context, CancellationToken.None));
        ResultStore.WriteCell(Path.Combine(dir.Path, "out"), result);
        return result;
    }

    private void AssertEveryFormatSays(CellResult result, string words)
    {
        var outDir = Path.Combine(dir.Path, "out");
        var report = ReportBuilder.Build([outDir], null, DateTimeOffset.UnixEpoch);
        ReportWriter.WriteAll(report, outDir);
        foreach (var file in new[] { "report.json", "junit.xml", "summary.md", "report.ktap", "report.html" })
        {
            var text = File.ReadAllText(Path.Combine(outDir, file));
            Assert.True(text.Contains(words, StringComparison.Ordinal), $"{file} does not say '{words}' for {result.Cell.Id}");
        }
    }
}
