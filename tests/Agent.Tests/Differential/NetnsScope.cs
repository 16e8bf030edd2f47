using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Differential;

/// <summary>
/// A named network namespace (<c>ip netns add</c>) with loopback up, deleted on dispose. Processes run in it through
/// <c>ip netns exec</c>; its sysctls are its own, so net.mptcp.enabled=0 here leaves the host alone.
/// </summary>
internal sealed class NetnsScope : IAsyncDisposable
{
    private static int _counter;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private NetnsScope(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetnsScope> CreateAsync()
    {
        Requires.Root();
        Requires.Executable("ip", "apt-get install iproute2");
        var ns = new NetnsScope($"mm-agent-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        await Must("ip", ["netns", "add", ns.Name]);
        try
        {
            await Must("ip", ["-n", ns.Name, "link", "set", "lo", "up"]);
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }

        return ns;
    }

    /// <summary>Writes /proc/sys/KEY inside the namespace (sysctl -w through ip netns exec).</summary>
    public Task SetSysctlAsync(string key, string value)
    {
        Requires.Executable("sysctl", "apt-get install procps");
        return Must("ip", ["netns", "exec", Name, "sysctl", "-q", "-w", $"{key}={value}"]);
    }

    /// <summary>A middlebox in this namespace that strips the MPTCP option from SYNs and SYN-ACKs (both families).</summary>
    public async Task InstallMiddleboxAsync()
    {
        RealFaults.RequireMiddlebox();
        foreach (var rule in RealFaults.MiddleboxRules) await Must("ip", ["netns", "exec", Name, .. rule]);
    }

    public Task<CliWrap.Buffered.BufferedCommandResult> RunAsync(string exe, IEnumerable<string> args, TimeSpan timeout) =>
        Proc.RunAsync("ip", new[] { "netns", "exec", Name, exe }.Concat(args), timeout);

    public async ValueTask DisposeAsync()
    {
        var r = await Proc.RunAsync("ip", ["netns", "del", Name], StepTimeout);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ip netns del {Name} failed: {Proc.Describe(r)}");
    }

    private static async Task Must(string exe, string[] args)
    {
        var r = await Proc.RunAsync(exe, args, StepTimeout);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed: {Proc.Describe(r)}");
    }
}
