using System.Text;
using System.Text.Json;
using CliWrap;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Backends.Host;

/// <summary>
/// Runs the Agent on the running kernel, each cell in a fresh network namespace (<c>mptcp-agent --new-netns</c> unshares
/// it), with the cell's sysctls applied inside that namespace only: cells never share ports or settings. As root the
/// agent makes the namespace itself; as a normal user it runs inside a new user namespace first
/// (<see cref="UserNamespaces"/>), where it is root and may do the same. No check of the selftest needs more.
/// </summary>
/// <param name="agent">The agent the probe checks for (default: <see cref="AgentArtifacts.Locate"/>); cells run <see cref="RunContext.Agent"/>.</param>
internal sealed class HostBackend(AgentArtifacts? agent = null) : IBackend
{
    public string Name => "host";

    public Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        var artifacts = agent ?? AgentArtifacts.Locate();
        var privileged = HostFacts.IsPrivileged();
        if (!privileged && UserNamespaces.Unavailable() is { } why)
        {
            return Task.FromResult(new BackendProbe(false,
                $"without root the host backend runs each cell in a user namespace, and {why}",
                "run with sudo (e.g. sudo ./matrix run), or allow unprivileged user namespaces"));
        }

        if (!File.Exists(artifacts.Binary))
            return Task.FromResult(new BackendProbe(false, $"the agent is not built ({artifacts.Binary} is missing)", "scripts/build-agent.sh"));
        var release = HostFacts.KernelRelease();
        var mptcp = HostFacts.MptcpEnabled();
        var who = privileged ? "as root" : $"as {Environment.UserName}, each cell in its own user namespace";
        return Task.FromResult(new BackendProbe(true,
            $"kernel {release}, MPTCP {(mptcp is null ? "absent (cells report unsupported)" : mptcp == true ? "enabled" : "disabled by sysctl (new namespaces still get the default)")}, {who}",
            Versions: new Dictionary<string, string> { ["kernel"] = release }));
    }

    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken)
    {
        var results = new List<CellResult>(batch.Count);
        foreach (var cell in batch) results.Add(await RunCellAsync(cell, context, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static async Task<CellResult> RunCellAsync(CellSpec cell, RunContext context, CancellationToken cancellationToken)
    {
        var logDir = context.LogDir(cell.Id);
        var reportPath = Path.Combine(logDir, "agent.json");
        var stderrPath = Path.Combine(logDir, "agent.stderr.log");
        if (File.Exists(reportPath)) File.Delete(reportPath);
        var privileged = HostFacts.IsPrivileged();
        var agentArgs = AgentArguments(cell, reportPath);
        // Not root: the agent starts inside a new user namespace, where it is root and makes the cell's netns itself.
        var program = privileged ? context.Agent.Binary : UserNamespaces.Program;
        var args = privileged ? agentArgs : [.. UserNamespaces.Prefix, context.Agent.Binary, .. agentArgs];
        File.WriteAllText(Path.Combine(logDir, "command.txt"), program + " " + string.Join(' ', args) + "\n");

        var started = DateTimeOffset.UtcNow;
        context.ReportStage(cell.Id, CellStage.Running);
        var stderr = new StringBuilder();
        CommandResult result;
        try
        {
            result = await Cli.Wrap(program)
                .WithArguments(args)
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stderr))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .ExecuteAsync(cancellationToken) // forceful: the agent is killed on cancellation
                .ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InfrastructureException(cell.Id, $"cannot start the agent {context.Agent.Binary}: {e.Message}", inner: e);
        }
        finally
        {
            await File.WriteAllTextAsync(stderrPath, stderr.ToString(), CancellationToken.None).ConfigureAwait(false);
        }

        var ended = DateTimeOffset.UtcNow;
        var report = ReadReport(reportPath);
        var excerpt = Excerpt(stderr.ToString());
        if (report is null)
        {
            throw new InfrastructureException(cell.Id,
                $"the agent exited with code {result.ExitCode} without a report" + (excerpt.Length > 0 ? $": {excerpt}" : ""),
                result.ExitCode, excerpt);
        }

        AgentVerdicts.EnsureExitCodeAgrees(cell, report, result.ExitCode, excerpt);
        AgentVerdicts.EnsureSysctlsApplied(cell, report, "the cell's network namespace", result.ExitCode, excerpt);
        var (status, reason) = AgentVerdicts.ToCellStatus(report);
        return new CellResult(CellResult.CurrentSchemaVersion, cell, status, reason, report,
            new Provenance
            {
                Backend = "host",
                HostKernel = true,
                KernelRelease = report.Kernel.Release,
                KernelSource = "host",
                Accel = "none",
                AgentVersion = report.AgentVersion,
                Privilege = privileged ? Provenance.PrivilegeRoot : Provenance.PrivilegeUserNamespace,
                Sysctls = cell.Sysctls,
            },
            started, ended, 0, ["logs/" + cell.Id + "/agent.json", "logs/" + cell.Id + "/agent.stderr.log", "logs/" + cell.Id + "/command.txt"]);
    }

    /// <summary>The agent's argv for a cell; its own per-family bound stays inside the cell's timeout (<see cref="TimeBudget"/>).</summary>
    public static IReadOnlyList<string> AgentArguments(CellSpec cell, string reportPath) =>
        (AgentCells.Invocation(cell, TimeBudget.For([cell]).AgentSeconds) with { NewNetns = true, Output = reportPath }).Arguments();

    private static AgentReport? ReadReport(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, ContractJson.Default.AgentReport);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(8));
    }
}
