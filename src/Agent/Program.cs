using MptcpMatrix.Agent;
using MptcpMatrix.Agent.Cli;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Init;
using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;

BootTrace.MainEntered = System.Diagnostics.Stopwatch.GetTimestamp();
try
{
    // The kernel starts /init with no arguments, or with the command-line words it does not know itself (nokaslr,
    // ...): PID 1 whose first argument is not an option is init mode, like --init. (A container's PID 1 gets the
    // agent's own options and runs normally.)
    if (Environment.ProcessId == 1 && (args.Length == 0 || !args[0].StartsWith('-'))) return InitMode.Run();

    var options = AgentCommandLine.Parse(args);
    if (options.ShowHelp)
    {
        StandardStreams.Write(StandardStreams.Out, AgentCommandLine.Usage + "\n");
        return 0;
    }

    if (options.ShowVersion)
    {
        StandardStreams.WriteLine(StandardStreams.Out, "mptcp-agent " + AgentRunner.Version);
        return 0;
    }

    if (options.Init) return InitMode.Run();

    // Last line of defence: every blocking step has its own deadline, but the agent must never outlive its budget.
    // A sleeping native thread, not a System.Threading.Timer: the timer queue's start-up (its own thread, the
    // per-processor cache calibration) cost more than a whole family's checks.
    var budget = options.Timeout * options.Families.Count * options.Suites.Count + TimeSpan.FromSeconds(10);
    NativeThread.Start("watchdog", () =>
    {
        Thread.Sleep(budget);
        StandardStreams.WriteLine(StandardStreams.Error, $"mptcp-agent: watchdog: no result after {budget.TotalSeconds:0} s, giving up");
        Environment.Exit(2);
    });

    if (options.NewNetns) NetworkNamespace.EnterNew();
    Sysctls.Apply(options.Sysctls);
    var report = AgentRunner.Run(LinuxSocketApi.Instance, options.Families, options.Seed, options.Port, options.Timeout,
        options.Variant, options.Sysctls, options.KernelVersion, options.Suites);
    ReportWriter.Write(report, options.Output);
    if (!options.Quiet) StandardStreams.Write(StandardStreams.Error, ReportWriter.Summary(report));
    return Verdicts.ExitCode(report.Verdict);
}
catch (AgentException e)
{
    StandardStreams.WriteLine(StandardStreams.Error, "mptcp-agent: " + e.Message);
    return AgentException.ExitCode;
}
