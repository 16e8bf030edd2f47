using System.CommandLine;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Host;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Running;
using Spectre.Console;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary><c>matrix doctor</c>: what this machine can run, and the command that fixes each missing piece.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var config = ConfigOption.Create();
        var command = new Command("doctor", "Show what this machine can run and how to fix what is missing") { config };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(config)!;
            var loaded = File.Exists(path) ? ConfigOption.Load(path, Console.Error) : null;
            var cache = (loaded ?? new MatrixConfig()).ResolveCacheDir();
            var findings = await GatherAsync(BackendRegistry.Create, cache, ct, loaded?.Vm.Accel).ConfigureAwait(false);
            var table = new Table().AddColumns("Check", "Status", "Detail", "Fix");
            foreach (var f in findings)
            {
                table.AddRow(Markup.Escape(f.Name), f.Ok ? "[green]ok[/]" : f.Name == DoctorAccel.Name ? "[yellow]degraded[/]" : "[red]missing[/]", Markup.Escape(f.Detail), Markup.Escape(f.Fix ?? ""));
            }

            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
            AnsiConsole.Write(table);
            var backends = findings.Where(f => f.Name.StartsWith("backend ", StringComparison.Ordinal) && f.Ok).Select(f => f.Name["backend ".Length..]).ToList();
            AnsiConsole.WriteLine(backends.Count == 0 ? "No backend can run here." : $"Runnable backends: {string.Join(", ", backends)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static async Task<IReadOnlyList<DoctorFinding>> GatherAsync(Func<string, IBackend?> backends, string cacheDir, CancellationToken cancellationToken,
        string? accel = null)
    {
        var findings = new List<DoctorFinding>();
        var mptcp = HostFacts.MptcpEnabled();
        findings.Add(new DoctorFinding("host kernel", true, HostFacts.KernelRelease()));
        findings.Add(new DoctorFinding("MPTCP on host", mptcp is not null,
            mptcp switch { null => "no /proc/sys/net/mptcp: the running kernel lacks CONFIG_MPTCP (host/container cells report unsupported)", true => "net.mptcp.enabled=1", false => "net.mptcp.enabled=0 in this namespace (cells' new namespaces start enabled)" },
            mptcp is null ? "boot a kernel with CONFIG_MPTCP=y (Linux >= 5.6)" : null));
        var privileged = HostFacts.IsPrivileged();
        // A run needs no root: each backend's row below says whether it runs as this user, and what to change if not.
        findings.Add(new DoctorFinding("user", true, privileged
            ? $"{Environment.UserName}, privileged (root or CAP_NET_ADMIN+CAP_SYS_ADMIN)"
            : $"{Environment.UserName}, not root: no step of a run needs root (only scripts/setup.sh does); each backend below says whether it runs as this user"));
        var agent = AgentArtifacts.Locate();
        findings.Add(new DoctorFinding("agent", File.Exists(agent.Binary), File.Exists(agent.Binary) ? agent.Binary : $"{agent.Binary} is missing", File.Exists(agent.Binary) ? null : "scripts/build-agent.sh"));

        var writable = CacheWritable(cacheDir, out var cacheDetail);
        findings.Add(new DoctorFinding("cache dir", writable, cacheDetail, writable ? null : $"mkdir -p {cacheDir} (or set cache: in matrix.yml)"));
        var free = FreeBytes(writable ? cacheDir : Path.GetTempPath());
        findings.Add(new DoctorFinding("free disk", free >= 2L << 30, $"{free / (1 << 20)} MiB free at {(writable ? cacheDir : Path.GetTempPath())}",
            free >= 2L << 30 ? null : "free at least 2 GiB (kernels and images are cached there), e.g. ./matrix kernels prune"));

        foreach (var name in KnownValues.Backends)
        {
            var backend = backends(name);
            if (backend is null)
            {
                findings.Add(new DoctorFinding($"backend {name}", false, "not available in this build", null));
                continue;
            }

            var probe = await Pipelines.Probe(name, MatrixRunner.ProbeTimeout)
                .ExecuteAsync(async t => await backend.ProbeAsync(t).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            findings.Add(new DoctorFinding($"backend {name}", probe.Available, ProbeText.Detail(probe), probe.Fix));
            if (name == "vm" && probe.Available)
            {
                findings.Add(await DoctorAccel.DescribeAsync(accel, new QemuRunner(), cacheDir, DoctorAccel.CachedKernel(cacheDir),
                    () => (AccelSelector.KvmUsable(out var why), why), cancellationToken).ConfigureAwait(false));
            }
        }

        return findings;
    }

    private static bool CacheWritable(string dir, out string detail)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".doctor-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            detail = dir;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            detail = $"{dir}: {e.Message}";
            return false;
        }
    }

    private static long FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
