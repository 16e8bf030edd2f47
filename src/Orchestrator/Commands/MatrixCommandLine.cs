using System.CommandLine;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The <c>matrix</c> command tree (Program.cs parses with it; tests check the workflows' command lines against it).</summary>
internal static class MatrixCommandLine
{
    public static RootCommand Create() =>
        new("MptcpMatrix: does MPTCP's socket API behave on kernel X? Runs the agent across kernels x families x backends x sysctl variants.")
        {
            PlanCommand.Create(),
            RunCommand.Create(),
            ReportCommand.Create(),
            DoctorCommand.Create(),
            SchemaCommand.Create(),
            KernelsCommand.Create(),
        };
}
