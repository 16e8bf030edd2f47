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

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    // Bad arguments are bad input like a bad matrix.yml: exit 2, nothing started.
    foreach (var error in parsed.Errors) Console.Error.WriteLine("error: " + error.Message);
    Console.Error.WriteLine($"see: matrix {string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : new[] { parsed.CommandResult.Command.Name })} --help".Replace("  ", " ", StringComparison.Ordinal));
    return 2;
}

// matrix run handles SIGINT/SIGTERM itself (ShutdownSignals) so it can clean up; no forced exit after a grace period.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
