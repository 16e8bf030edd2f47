using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>
/// <c>--init</c> as PID 1 of a fresh PID and mount namespace: there, reboot(POWER_OFF) ends the namespace's init with
/// SIGINT instead of powering the machine off (reboot(2)), so the test can see that every path ends in the power-off.
/// </summary>
public sealed class InitModeTests
{
    private static readonly string[] Namespaces = ["--pid", "--fork", "--mount", "--propagation", "private"];

    [Fact]
    public async Task Init_mode_without_a_plan_file_says_so_and_still_powers_off()
    {
        var agent = await AgentInAChildPidNamespaceAsync();
        Assert.False(File.Exists("/init-plan.json"), "this host has an /init-plan.json: the test needs a root without one");

        var result = await Proc.RunAsync("unshare", [.. Namespaces, agent, "--init"], PublishedAgent.Timeout);

        Assert.Contains("mptcp-agent --init: cannot read the init plan /init-plan.json (ENOENT)", result.StandardError, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 128 + 2, "expected the namespace's init to end by SIGINT (reboot POWER_OFF in a PID namespace)\n" + Proc.Describe(result));
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task As_pid_1_words_the_kernel_passes_on_to_init_still_mean_init_mode()
    {
        var agent = await AgentInAChildPidNamespaceAsync();

        // The kernel hands init the command-line words it does not know itself, e.g. "nokaslr".
        var result = await Proc.RunAsync("unshare", [.. Namespaces, agent, "nokaslr"], PublishedAgent.Timeout);

        Assert.Contains("mptcp-agent --init: cannot read the init plan /init-plan.json (ENOENT)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown argument", result.StandardError, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 128 + 2, "expected the namespace's init to end by SIGINT (reboot POWER_OFF in a PID namespace)\n" + Proc.Describe(result));
    }

    /// <summary>
    /// Safety first: the agent must run as PID 1 of a child PID namespace, or its power-off would be real. Returns the
    /// published agent once unshare has shown it can make one.
    /// </summary>
    private static async Task<string> AgentInAChildPidNamespaceAsync()
    {
        Requires.Root();
        Requires.Executable("unshare", "apt-get install util-linux");
        var agent = PublishedAgent.Binary;
        var probe = await Proc.RunAsync("unshare", [.. Namespaces, "--mount-proc", "readlink", "/proc/self"], TimeSpan.FromSeconds(30));
        Assert.True(probe.ExitCode == 0 && probe.StandardOutput.Trim() == "1", "unshare cannot make a PID namespace here: " + Proc.Describe(probe));
        return agent;
    }
}
