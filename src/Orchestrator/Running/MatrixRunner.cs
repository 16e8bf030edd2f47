using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>
/// Runs cells: probes each backend once (unavailable or unregistered backends make their cells <c>skipped</c>), then a
/// queue of batches with bounded parallelism, each batch under a timeout and infra-only retries (Pipelines.CellAttempt).
/// Every finished cell is written to <c>OUT/cells/&lt;id&gt;.json</c> at once; <c>OUT/run.json</c> says <c>partial: true</c>
/// until every cell has a result, so a crash or Ctrl-C leaves a resumable directory.
/// </summary>
internal sealed class MatrixRunner(Func<string, IBackend?> resolveBackend, IProgressView progress)
{
    /// <summary>Bound of one backend probe.</summary>
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromSeconds(60);

    public async Task<RunOutcome> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var outDir = Path.GetFullPath(request.OutDir);
        Directory.CreateDirectory(Path.Combine(outDir, "cells"));
        var previous = ResultStore.ReadManifest(outDir);
        var finished = request.Resume ? ResultStore.FinishedIds(outDir) : [];
        var todo = request.Cells.Where(c => !finished.Contains(c.Id)).ToList();
        // The copy is written before run.json names its hash, so a run.json never points at a copy that is not there.
        if (request.Config is { } config && !(request.Resume && File.Exists(ResultStore.ConfigCopyPath(outDir))))
            AtomicFile.WriteAllBytes(ResultStore.ConfigCopyPath(outDir), config.Content);
        var manifest = new RunManifest(RunManifest.CurrentSchemaVersion, request.ConfigFile,
            request.Resume && previous is not null ? previous.StartedAt : DateTimeOffset.UtcNow, null, true, false, request.Cells,
            request.KernelOrder ?? request.Cells.Select(c => c.Kernel).Distinct(StringComparer.Ordinal).ToList(),
            request.Config?.Sha256 ?? previous?.ConfigSha256);
        ResultStore.WriteManifest(outDir, manifest);
        if (request.Resume) progress.Note($"resuming {outDir}: {request.Cells.Count - todo.Count} cell(s) already have results, {todo.Count} to run");

        var context = new RunContext(outDir, request.Agent, request.CacheDir, progress.Stage);
        var completed = 0;
        var interrupted = false;
        try
        {
            await progress.RunAsync(todo, async () =>
            {
                var runnable = new List<CellSpec>();
                var backends = new Dictionary<string, (IBackend Backend, IReadOnlyDictionary<string, string>? Versions)>(StringComparer.Ordinal);
                foreach (var group in todo.GroupBy(c => c.Backend))
                {
                    var (backend, skipReason, versions) = await ResolveAsync(group.Key, cancellationToken).ConfigureAwait(false);
                    if (backend is null)
                    {
                        foreach (var cell in group)
                        {
                            Record(Skipped(cell, skipReason!));
                        }

                        continue;
                    }

                    backends[group.Key] = (backend, versions);
                    runnable.AddRange(group);
                }

                // Keep the plan's order for the queue (grouping by backend above only decided availability).
                runnable = todo.Where(runnable.Contains).ToList();
                // Boots that took longest last time start first, so the slowest kernel does not start last.
                var batches = Backends.Vm.BootHistory.LongestFirst(BatchPlanner.Batches(runnable, request.Vm), request.CacheDir);
                await Parallel.ForEachAsync(batches,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Parallel), CancellationToken = cancellationToken },
                    async (batch, token) =>
                    {
                        var (backend, versions) = backends[batch[0].Backend];
                        foreach (var result in await RunBatchAsync(backend, batch, context, progress, token).ConfigureAwait(false))
                            Record(WithProbeVersions(result, versions));
                    }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }

        var missing = request.Cells.Count - ResultStore.FinishedIds(outDir).Intersect(request.Cells.Select(c => c.Id)).Count();
        manifest = manifest with { EndedAt = DateTimeOffset.UtcNow, Partial = missing > 0, Interrupted = interrupted };
        ResultStore.WriteManifest(outDir, manifest);
        return new RunOutcome(outDir, request.Cells.Count, completed, missing, interrupted);

        void Record(CellResult result)
        {
            ResultStore.WriteCell(outDir, result);
            Interlocked.Increment(ref completed);
            progress.Stage(result.Cell.Id, CellStage.Done);
            progress.Finished(result);
        }
    }

    private async Task<(IBackend? Backend, string? SkipReason, IReadOnlyDictionary<string, string>? Versions)> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var backend = resolveBackend(name);
        if (backend is null)
            return (null, $"backend '{name}' is not available in this build (registered: {string.Join(", ", BackendRegistry.Registered)})", null);
        PhaseTrace.Mark($"backend {name} resolved");
        var pipeline = Pipelines.Probe(name, ProbeTimeout);
        PhaseTrace.Mark($"backend {name} probe pipeline built");
        var probe = await pipeline
            .ExecuteAsync(async token => await backend.ProbeAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        PhaseTrace.Mark($"backend {name} probed");
        if (probe.Available) return (backend, null, probe.Versions);
        return (null, $"{name} backend unavailable: {ProbeText.WithFix(probe)}", null);
    }

    /// <summary>Tool versions the probe found (qemu, docker, docker-api, virtme-ng) fill provenance fields the backend left empty.</summary>
    public static CellResult WithProbeVersions(CellResult result, IReadOnlyDictionary<string, string>? versions)
    {
        if (versions is null || versions.Count == 0) return result;
        string? Get(string key) => versions.TryGetValue(key, out var v) ? v : null;
        var p = result.Provenance;
        return result with
        {
            Provenance = p with
            {
                Backend = p.Backend.Length > 0 ? p.Backend : result.Cell.Backend,
                QemuVersion = p.QemuVersion ?? Get("qemu"),
                DockerServerVersion = p.DockerServerVersion ?? Get("docker"),
                DockerApiVersion = p.DockerApiVersion ?? Get("docker-api"),
                VirtmeVersion = p.VirtmeVersion ?? Get("virtme-ng"),
            },
        };
    }

    private static async Task<IReadOnlyList<CellResult>> RunBatchAsync(IBackend backend, IReadOnlyList<CellSpec> batch, RunContext context, IProgressView progress,
        CancellationToken cancellationToken)
    {
        var attempts = 0;
        var started = DateTimeOffset.UtcNow;
        var retries = batch.Max(c => c.Retries);
        var pipeline = Pipelines.CellAttempt(batch[0].Id, retries, TimeBudget.For(batch).Batch,
            (attempt, e) =>
            {
                File.AppendAllText(Path.Combine(context.LogDir(batch[0].Id), "retries.log"), $"{DateTimeOffset.UtcNow:O} attempt {attempt} failed: {e.Message}\n");
                // Attempt N failed, so retry N starts: say so before the backend reports "preparing" again.
                var reason = e is InfrastructureException infra ? Describe(infra) : e.Message;
                foreach (var cell in batch) progress.Retrying(cell.Id, attempt, reason);
            });
        foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Preparing);
        try
        {
            var results = await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await backend.RunAsync(batch, context, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return Complete(batch, results, attempts - 1, started);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Interrupted: a backend may report the kill of its process as a failure. The cells stay without a result
            // (resume runs them) instead of being recorded as infra errors of an attempt that was cut short.
            throw new OperationCanceledException("the run was interrupted", e, cancellationToken);
        }
        catch (InfrastructureException e)
        {
            return batch.Select(cell => InfraError(cell, Describe(e), attempts - 1, started)).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug in a backend must not take the run down: it is an infrastructure error of this batch (not retried).
            return batch.Select(cell => InfraError(cell, $"backend {backend.Name} failed: {e.GetType().Name}: {e.Message}", attempts - 1, started)).ToList();
        }
    }

    /// <summary>
    /// One result per cell, in batch order, with the retries used and a status that agrees with its checks; a cell the
    /// backend did not answer is an infra error.
    /// </summary>
    private static List<CellResult> Complete(IReadOnlyList<CellSpec> batch, IReadOnlyList<CellResult> results, int retriesUsed, DateTimeOffset started)
    {
        var byId = results.GroupBy(r => r.Cell.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Every backend's result passes here: its status must agree with its checks before it is written (CellVerdict).
        return batch.Select(cell => byId.TryGetValue(cell.Id, out var result)
            ? CellVerdict.Reconcile(result, cell.Backend) with { RetriesUsed = retriesUsed, Provenance = result.Provenance with { Sysctls = cell.Sysctls } }
            : InfraError(cell, $"the {cell.Backend} backend returned no result for this cell", retriesUsed, started)).ToList();
    }

    private static string Describe(InfrastructureException e) =>
        e.Message + (e.ExitCode is { } code && !e.Message.Contains($"code {code}", StringComparison.Ordinal) ? $" (exit code {code})" : "") +
        (e.LogExcerpt is { Length: > 0 } excerpt && !e.Message.Contains(excerpt, StringComparison.Ordinal) ? $": {excerpt}" : "");

    public static CellResult InfraError(CellSpec cell, string reason, int retriesUsed, DateTimeOffset started) =>
        new(CellResult.CurrentSchemaVersion, cell, CellStatus.InfraError, reason, null, BaseProvenance(cell), started, DateTimeOffset.UtcNow, retriesUsed,
            ["logs/" + cell.Id]);

    public static CellResult Skipped(CellSpec cell, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        return new(CellResult.CurrentSchemaVersion, cell, CellStatus.Skipped, reason, null, BaseProvenance(cell), now, now, 0, []);
    }

    private static Provenance BaseProvenance(CellSpec cell) => new()
    {
        Backend = cell.Backend,
        HostKernel = cell.KernelSource.IsHost,
        KernelSource = cell.KernelSource.ToString(),
        KernelRelease = cell.KernelSource.IsHost ? Backends.Host.HostFacts.KernelRelease() : null,
        Accel = cell.Accel ?? "none",
        Sysctls = cell.Sysctls,
    };
}
