using System.CommandLine;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Infrastructure;

if (RunEnvironment.Trace) PhaseTrace.Enable(Console.Error, RunEnvironment.WrapperStart);
PhaseTrace.Mark("main");
// The verb is args[0] for every command that loads matrix.yml: its parser and OpenSSL warm up on another core meanwhile.
if (args.Length > 0) StartupWarmup.Begin(args[0]);
var root = MatrixCommandLine.Create();

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    // Bad arguments are bad input like a bad matrix.yml: exit 2, nothing started.
    foreach (var error in parsed.Errors) Console.Error.WriteLine("error: " + error.Message);
    Console.Error.WriteLine($"see: matrix {string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : new[] { parsed.CommandResult.Command.Name })} --help".Replace("  ", " ", StringComparison.Ordinal));
    return 2;
}

// An installed matrix (dotnet tool, release binary) carries its agent in <tool>/agent.
if (OperatingSystem.IsLinux() && parsed.CommandResult.Command.Name is "run" or "doctor") PackagedAgent.Apply(Console.Error);

PhaseTrace.Mark("arguments parsed");
// matrix run handles SIGINT/SIGTERM itself (ShutdownSignals) so it can clean up; no forced exit after a grace period.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
