using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Runs each cell's agent in a fresh Docker container on the host kernel: network none, all capabilities dropped,
/// read-only rootfs, memory and pids limits, the cell's sysctls set by the engine in the container's network namespace.
/// One cell per batch. Containers are labelled and always removed (success, failure, timeout, cancellation): by the engine
/// as they exit (AutoRemove, also when the engine stops mid-run and starts again later), else by this backend.
/// </summary>
internal sealed class ContainerBackend : IBackend, IDisposable
{
    private static readonly Dictionary<string, string> IPv6On = new()
    {
        ["net.ipv6.conf.all.disable_ipv6"] = "0",
        ["net.ipv6.conf.lo.disable_ipv6"] = "0",
    };

    /// <summary>The container cell's user: nobody/nogroup (65534), which no image here maps to anything.</summary>
    public const string UnprivilegedUser = "65534:65534";

    private readonly ContainerOptions _options;
    private readonly Uri _endpoint;
    private readonly string _runId;
    private readonly SemaphoreSlim _setupLock = new(1, 1);
    private readonly Lazy<DockerClient> _lazyClient;
    private DockerClient? _client;
    private EngineInfo? _engine;
    private AgentImageProvider? _images;
    private bool _swept;

    /// <summary>Set once the engine was found gone mid-run (what was seen); cleared when it answers again.</summary>
    private volatile string? _engineGone;

    /// <summary>Containers whose removal failed because the engine was gone: removed as soon as it answers again.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _unremoved = new(StringComparer.Ordinal);

    /// <summary>Cells whose container ran when the engine went away, with what was said about them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _interrupted = new(StringComparer.Ordinal);

    public ContainerBackend(ContainerOptions? options = null)
    {
        _options = options ?? ContainerOptions.FromEnvironment();
        _endpoint = DockerEndpoint.Resolve(_options.Endpoint);
        _runId = _options.RunId ?? $"{DateTime.UtcNow:yyyyMMddTHHmmss}-{Environment.ProcessId}";
        _lazyClient = new Lazy<DockerClient>(() => DockerEndpoint.CreateClient(_endpoint), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name => "container";

    public string RunId => _runId;

    public Uri Endpoint => _endpoint;

    public async Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var engine = await ConnectAsync(cancellationToken);
            return new BackendProbe(true, $"Docker {engine.ServerVersion} (API {engine.ApiVersion}) at {engine.Endpoint}", null,
                new Dictionary<string, string> { ["docker"] = engine.ServerVersion, ["docker-api"] = engine.ApiVersion });
        }
        catch (EngineUnreachableException e)
        {
            // The fix goes into its own field once (doctor's Fix column, a skip reason's "(fix: ...)"), not into the detail too.
            return new BackendProbe(false, e.Detail + ".", e.Fix);
        }
    }

    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken)
    {
        var results = new List<CellResult>(batch.Count);
        foreach (var cell in batch) results.Add(await RunCellAsync(cell, context, cancellationToken));
        return results;
    }

    /// <summary>Removes leftovers of killed runs (see <see cref="LeftoverSweeper"/>); returns the removed cells' ids.</summary>
    public async Task<IReadOnlyList<string>> RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        return await LeftoverSweeper.SweepAsync(_client!, _runId, cancellationToken);
    }

    private async Task<CellResult> RunCellAsync(CellSpec cell, RunContext context, CancellationToken cancellationToken)
    {
        if (_engineGone is { } gone)
        {
            // The engine stopped during this run: cells that would only start now are skipped (a retry cannot help),
            // unless it is back, in which case what it left behind is removed first.
            if (!await EngineAliveAsync())
            {
                // A retry of the cell the engine's stop interrupted stays what that attempt was: an infrastructure failure.
                if (_interrupted.TryGetValue(cell.Id, out var interrupted)) throw new InfrastructureException(cell.Id, interrupted);
                return EngineWentAway(cell, gone);
            }

            _engineGone = null;
            await RemoveUnremovedAsync();
        }

        try
        {
            return await RunCellOnEngineAsync(cell, context, cancellationToken);
        }
        catch (EngineGoneBeforeStartException e)
        {
            return EngineWentAway(cell, e.Message);
        }
    }

    /// <summary>The result of a cell whose container never started because the engine went away: skipped, not retried.</summary>
    private CellResult EngineWentAway(CellSpec cell, string seen) =>
        Running.MatrixRunner.Skipped(cell, $"skipped: engine went away ({seen}); start it again: {DockerEndpoint.StartHint}");

    private async Task<CellResult> RunCellOnEngineAsync(CellSpec cell, RunContext context, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        EngineInfo engine;
        try
        {
            engine = await ConnectAsync(cancellationToken);
        }
        catch (EngineUnreachableException e)
        {
            throw new InfrastructureException(cell.Id, e.Message, inner: e, retryable: e.Retryable);
        }

        var client = _client!;
        var userspace = cell.Userspace ?? "scratch";
        AgentImage image;
        await _setupLock.WaitAsync(cancellationToken);
        try
        {
            _images ??= new AgentImageProvider(client, _options, context.Agent, context.CacheDir);
            if (!_swept)
            {
                await LeftoverSweeper.SweepAsync(client, _runId, cancellationToken);
                _swept = true;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or TimeoutException)
        {
            throw await EngineFailureAsync(cell.Id, "listing leftover containers", e, beforeStart: true);
        }
        finally
        {
            _setupLock.Release();
        }

        try
        {
            image = await _images.GetAsync(userspace, cancellationToken);
        }
        catch (ContainerSetupException e)
        {
            throw new InfrastructureException(cell.Id, $"container image '{userspace}': {e.Message}", inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or Polly.Timeout.TimeoutRejectedException)
        {
            throw await EngineFailureAsync(cell.Id, $"preparing the {userspace} image", e, beforeStart: true);
        }

        var logDir = context.LogDir(cell.Id);
        var output = await RunContainerAsync(client, cell, image, () => context.ReportStage(cell.Id, CellStage.Running), cancellationToken);
        AtomicFile.WriteAllText(Path.Combine(logDir, "stderr.log"), output.Stderr);
        AtomicFile.WriteAllText(Path.Combine(logDir, "stdout.json"), output.Stdout);
        context.ReportStage(cell.Id, CellStage.Done);

        AgentOutcome outcome;
        try
        {
            outcome = AgentOutputMapper.Map(cell, output);
        }
        catch (InfrastructureException e)
        {
            if (await EngineAliveAsync()) throw;
            // Killed by an engine that then went away (dockerd stopping ends its containers first).
            _engineGone = $"Docker engine at {_endpoint} stopped while {cell.Id} ran";
            var message = $"Docker engine at {_endpoint} stopped while the cell ran ({e.Message}); start it again: {DockerEndpoint.StartHint}";
            _interrupted[cell.Id] = message;
            throw new InfrastructureException(cell.Id, message, e.ExitCode, e.LogExcerpt, e);
        }

        var logs = new List<string>
        {
            Path.GetRelativePath(context.OutDir, Path.Combine(logDir, "stderr.log")),
            Path.GetRelativePath(context.OutDir, Path.Combine(logDir, "stdout.json")),
        };
        var provenance = new Provenance
        {
            Backend = Name,
            HostKernel = true,
            KernelRelease = outcome.Report.Kernel.Release,
            KernelSource = "host",
            Accel = "none",
            DockerApiVersion = engine.ApiVersion,
            DockerServerVersion = engine.ServerVersion,
            ContainerImage = $"{image.Tag} ({image.Userspace}: {image.Base})",
            AgentVersion = outcome.Report.AgentVersion,
            Sysctls = cell.Sysctls,
        };
        return new CellResult(CellResult.CurrentSchemaVersion, cell, outcome.Status, outcome.Reason, outcome.Report, provenance,
            started, DateTimeOffset.UtcNow, 0, logs);
    }

    private async Task<ContainerOutput> RunContainerAsync(DockerClient client, CellSpec cell, AgentImage image, Action started,
        CancellationToken cancellationToken)
    {
        var sysctls = new Dictionary<string, string>(IPv6On);
        foreach (var (key, value) in cell.Sysctls) sysctls[key] = value;
        var parameters = new CreateContainerParameters
        {
            Name = ContainerName(cell.Id),
            Image = image.Tag,
            Entrypoint = [.. AgentArtifacts.BundleCommand],
            // The agent's own deadline sits inside the cell's (TimeBudget), so a hang ends as an agent error with a report when
            // possible; the engine sets the cell's sysctls (the agent, unprivileged and without capabilities, could not).
            Cmd = [.. (AgentCells.Invocation(cell, TimeBudget.For([cell]).AgentSeconds) with { Sysctls = new Dictionary<string, string>() }).Arguments()],
            Labels = ContainerLabelsFor(_runId, cell.Id),
            // Not root: no check of the selftest needs it (sockets on loopback, getsockopt, /proc reads; the cell's
            // sysctls are set by the engine, not by the agent), and with every capability dropped root would have no more.
            User = UnprivilegedUser,
            NetworkDisabled = true,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Privileged = false,
                CapDrop = ["ALL"],
                ReadonlyRootfs = true,
                Memory = _options.MemoryBytes,
                PidsLimit = _options.PidsLimit,
                SecurityOpt = ["no-new-privileges"],
                Sysctls = sysctls,
                AutoRemove = true,
                // The agent treats PID 1 as "boot a VM plan"; docker-init is PID 1 and reaps, the agent runs as its child.
                Init = true,
            },
        };

        string? id = null;
        var running = false;
        Task<(string Stdout, string Stderr)>? output = null;
        try
        {
            try
            {
                id = (await client.Containers.CreateContainerAsync(parameters, cancellationToken)).ID;
            }
            catch (DockerApiException e) when ((int)e.StatusCode is >= 400 and < 500)
            {
                throw new InfrastructureException(cell.Id, $"the engine refused the container: {Message(e)}", inner: e);
            }

            // The engine removes the container as it exits (AutoRemove), so what it prints and its exit code are taken
            // as they happen: attached and waited on before it starts. A stopped engine removes it when it starts again.
            var attached = await client.Containers.AttachContainerAsync(id,
                new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
            output = ReadToEndAsync(attached, cancellationToken);
            using var exit = await NextExitWait.RegisterAsync(_endpoint, id, cancellationToken);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(cell.TimeoutSeconds));
            long exitCode;
            try
            {
                try
                {
                    await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
                }
                catch (DockerApiException e) when (FailedSysctl(e, sysctls) is { } key)
                {
                    var what = e.ResponseBody!.Contains("no such file", StringComparison.Ordinal)
                        ? $"this kernel has no sysctl {key} (variant '{cell.Variant}')"
                        : $"the engine could not set sysctl {key} (variant '{cell.Variant}') in the container's namespace";
                    throw new InfrastructureException(cell.Id, $"{what}: {Message(e)}", inner: e);
                }

                running = true;
                started();
                exitCode = await exit.ExitCodeAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Killing the container ends its output stream: what it printed so far goes into the excerpt.
                if (await RemoveQuietlyAsync(client, id)) id = null;
                var partial = await PartialOutputAsync(output);
                throw new InfrastructureException(cell.Id, $"timed out after {cell.TimeoutSeconds} s (container killed and removed)",
                    logExcerpt: AgentOutputMapper.Tail(partial?.Stderr ?? ""));
            }

            using var outputBound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            outputBound.CancelAfter(_options.ShortTimeout);
            var (stdout, stderr) = await output.WaitAsync(outputBound.Token);
            return new ContainerOutput(exitCode, stdout, stderr);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw await EngineFailureAsync(cell.Id, running ? "running the cell's container" : "creating the cell's container", e, beforeStart: !running);
        }
        finally
        {
            if (id is not null && !await RemoveQuietlyAsync(client, id)) _unremoved[id] = cell.Id;
            // The output stream ends with the container; its reader is never left behind, nor its failure unobserved.
            if (output is not null) await PartialOutputAsync(output);
        }
    }

    private static async Task<(string Stdout, string Stderr)> ReadToEndAsync(MultiplexedStream stream, CancellationToken cancellationToken)
    {
        using (stream) return await stream.ReadOutputToEndAsync(cancellationToken);
    }

    /// <summary>What the container printed, once its stream ended (bounded: 5 s); null when the stream failed.</summary>
    private static async Task<ContainerOutput?> PartialOutputAsync(Task<(string Stdout, string Stderr)> output)
    {
        try
        {
            var (stdout, stderr) = await output.WaitAsync(TimeSpan.FromSeconds(5));
            return new ContainerOutput(-1, stdout, stderr);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The cell sysctl a failed start names (runc: "open /proc/sys/net/mptcp/x: no such file", "sysctl \"k\" not allowed").</summary>
    private static string? FailedSysctl(DockerApiException e, IReadOnlyDictionary<string, string> sysctls) =>
        e.ResponseBody is { } body
            ? sysctls.Keys.FirstOrDefault(k => body.Contains("/proc/sys/" + k.Replace('.', '/'), StringComparison.Ordinal) ||
                                               body.Contains('"' + k + '"', StringComparison.Ordinal) ||
                                               body.Contains('\'' + k + '\'', StringComparison.Ordinal) ||
                                               body.Contains("\\\"" + k + "\\\"", StringComparison.Ordinal))
            : null;

    /// <summary>
    /// Force-removes a container (kills it if running), bounded, never throws: used in finally blocks. False when the
    /// engine could not be reached (the container is then removed when it answers again in this run, or by the next
    /// run's sweep: it carries our labels).
    /// </summary>
    public static async Task<bool> RemoveQuietlyAsync(IDockerClient client, string id)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, bound.Token);
                return true;
            }
            catch (DockerContainerNotFoundException)
            {
                return true;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // "removal already in progress": the engine's own AutoRemove; the cell ends once the container is gone.
                return await GoneAsync(client, id);
            }
            catch (Exception)
            {
                if (attempt == 2) return false;
                await Task.Delay(200 * (attempt + 1));
            }
        }

        return false;
    }

    /// <summary>Whether a container the engine is removing is gone within 20 s (polled every 50 ms).</summary>
    private static async Task<bool> GoneAsync(IDockerClient client, string id)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                await client.Containers.InspectContainerAsync(id, bound.Token);
                await Task.Delay(50, bound.Token);
            }
        }
        catch (DockerContainerNotFoundException)
        {
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The labels of every container this backend creates.</summary>
    public static Dictionary<string, string> ContainerLabelsFor(string runId, string cellId) => new()
    {
        [ContainerLabels.Marker] = "1",
        [ContainerLabels.Run] = runId,
        [ContainerLabels.Cell] = cellId,
        [ContainerLabels.OwnerPid] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ContainerLabels.OwnerStart] = Infrastructure.OwnerProcess.CurrentStartTicks,
        [ContainerLabels.Host] = Environment.MachineName,
    };

    private static string ContainerName(string cellId)
    {
        var name = new StringBuilder("mptcpmatrix-");
        foreach (var c in cellId) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        if (name.Length > 100) name.Length = 100;
        return name.Append('-').Append(Guid.NewGuid().ToString("N")[..8]).ToString();
    }

    /// <exception cref="EngineUnreachableException">The engine is not running or refuses this user.</exception>
    private async Task<EngineInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_engine is { } known) return known;
        var where = _endpoint.ToString();
        if (DockerEndpoint.SocketPath(_endpoint) is { } socket && !File.Exists(socket))
            throw EngineUnreachableException.NotRunning($"Docker engine not reachable at {where}: {socket} does not exist");
        _client = _lazyClient.Value;
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_options.ShortTimeout);
            var version = await _client.System.GetVersionAsync(bound.Token);
            return _engine = new EngineInfo(where, version.Version, version.APIVersion, version.KernelVersion);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (DockerEndpoint.IsAccessDenied(e))
            {
                throw EngineUnreachableException.Refused(
                    $"Docker engine at {where} refuses user {Environment.UserName}: permission denied on {DockerEndpoint.SocketPath(_endpoint) ?? where}", Environment.UserName, e);
            }

            throw EngineUnreachableException.NotRunning($"Docker engine not reachable at {where}: {Message(e)}", e);
        }
    }

    /// <summary>
    /// An engine call failed mid-cell: say whether the engine is gone (and how to start it) or what it answered. A gone
    /// engine is remembered; before the cell's container started (<paramref name="beforeStart"/>) that makes the cell
    /// skipped (<see cref="EngineGoneBeforeStartException"/>), while it ran an infrastructure failure.
    /// </summary>
    private async Task<Exception> EngineFailureAsync(string cellId, string what, Exception e, bool beforeStart = false)
    {
        if (await EngineAliveAsync())
            return new InfrastructureException(cellId, $"Docker engine at {_endpoint} failed while {what}: {Message(e)}", inner: e);
        var seen = $"Docker engine at {_endpoint} stopped answering while {what}: {Message(e)}";
        _engineGone = seen;
        if (beforeStart) return new EngineGoneBeforeStartException(seen, e);
        var message = $"Docker engine at {_endpoint} stopped answering while {what} ({Message(e)}); start it again: {DockerEndpoint.StartHint}";
        _interrupted[cellId] = message;
        return new InfrastructureException(cellId, message, inner: e);
    }

    /// <summary>Removes the containers left while the engine was gone (it answers again).</summary>
    private async Task RemoveUnremovedAsync()
    {
        foreach (var (id, _) in _unremoved)
        {
            if (await RemoveQuietlyAsync(_client!, id)) _unremoved.TryRemove(id, out _);
        }
    }

    private async Task<bool> EngineAliveAsync()
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _client!.System.PingAsync(bound.Token);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static string Message(Exception e) => e switch
    {
        DockerApiException api => $"HTTP {(int)api.StatusCode}: {api.ResponseBody?.Trim()}",
        _ => e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})",
    };

    public void Dispose()
    {
        _client?.Dispose();
        _images?.Dispose();
        _setupLock.Dispose();
    }
}
