using MptcpMatrix.Orchestrator.Backends.Host;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Tests.Config;

/// <summary>matrix.yml <c>suites:</c>, from the file to the agent's command line.</summary>
public sealed class SuitesConfigTests
{
    private const string Minimal = """
        kernels:
          - name: host
            source: host
        backends: [host]
        """;

    [Fact]
    public void Every_suite_runs_when_the_key_is_left_out()
    {
        var config = ConfigLoader.Load(Minimal, "/tmp/m.yml");

        Assert.Equal(["selftest", "sockopts", "inq", "fallback"], config.Suites);
    }

    [Fact]
    public void The_suites_named_run_in_the_agent_s_order()
    {
        var config = ConfigLoader.Load(Minimal + "\nsuites: [fallback, sockopts]\n", "/tmp/m.yml");

        Assert.Equal(["sockopts", "fallback"], config.Suites);
    }

    [Fact]
    public void A_suite_named_twice_is_reported_at_its_second_position()
    {
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(Minimal + "\nsuites: [fallback, sockopts, fallback]\n", "/tmp/m.yml", "m.yml")).Errors);

        Assert.Equal(("m.yml", 5, 30), (e.File, e.Line, e.Column));
        Assert.Contains("duplicate 'fallback'", e.Message);
    }

    [Fact]
    public void An_unknown_suite_is_reported_at_its_position_with_the_valid_ones()
    {
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(Minimal + "\nsuites: [selftest, sockopt]\n", "/tmp/m.yml", "m.yml")).Errors);

        Assert.Equal(("m.yml", 5, 20), (e.File, e.Line, e.Column));
        Assert.Contains("sockopt", e.Message);
        Assert.Contains("selftest, sockopts, inq, fallback", e.Message);
    }

    [Fact]
    public void An_empty_suite_list_is_refused()
    {
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(Minimal + "\nsuites: []\n", "/tmp/m.yml", "m.yml")).Errors);

        Assert.Contains("suites must not be empty", e.Message);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void Every_cell_carries_the_suites_and_the_host_backend_passes_each_as_a_suite_option()
    {
        var config = ConfigLoader.Load(Minimal + "\nsuites: [inq, selftest]\n", "/tmp/m.yml");

        var cell = CellPlanner.Expand(config)[0];
        var args = HostBackend.AgentArguments(cell, "/tmp/r.json");

        Assert.Equal(["selftest", "inq"], cell.Suites);
        Assert.Equal(["--suite", "selftest", "--suite", "inq"], args.SkipWhile(a => a != "--suite"));
    }
}
