using System.CommandLine;
using MptcpMatrix.Orchestrator.Commands;

var root = new RootCommand("MptcpMatrix: does MPTCP's socket API behave on kernel X? Runs the agent across kernels x families x backends x sysctl variants.")
{
    PlanCommand.Create(),
    RunCommand.Create(),
    ReportCommand.Create(),
    DoctorCommand.Create(),
    SchemaCommand.Create(),
    KernelsCommand.Create(),
};

// matrix run handles SIGINT/SIGTERM itself (ShutdownSignals) so it can clean up; no forced exit after a grace period.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
