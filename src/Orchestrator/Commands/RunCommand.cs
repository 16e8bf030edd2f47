using System.CommandLine;
using System.Globalization;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.Orchestrator.Running;
using Spectre.Console;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// <c>matrix run [--cell ID]... [--filter EXPR]... [--parallel N] [--out DIR] [--dry-run] [--resume] [--baseline REPORT.json
/// [--fail-on CLASSES]]</c>: runs cells, writes <c>OUT/cells/&lt;id&gt;.json</c> and <c>OUT/run.json</c>, then the reports into OUT
/// (compared with the baseline, a previous run's report.json, when given). Exit codes as for <c>matrix report</c>;
/// 130 when interrupted (finished cells are kept; <c>--resume</c> runs what is missing).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = ConfigOption.Create();
        var cells = new Option<string[]>("--cell") { Description = "Run only this cell id (repeatable; see matrix plan)" };
        var filter = new Option<string[]>("--filter") { Description = "key=value[,key=value] (keys: id, kernel, family, backend, variant, userspace; * wildcard); repeat = OR" };
        var parallel = new Option<int?>("--parallel", "-j") { Description = "Batches at the same time (default: matrix.yml parallel)" };
        var output = new Option<string?>("--out", "-o") { Description = "Output directory (default: ./results/<timestamp>)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would run (and what would be skipped) without running" };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run: only cells without a result run (default OUT: the newest partial run in ./results)" };
        var baseline = new Option<string?>("--baseline") { Description = "A previous run's report.json: the reports say what changed since (regressions first), as matrix report --baseline" };
        var failOn = new Option<string?>("--fail-on") { Description = "With --baseline: the change classes that fail the run (exit 1), e.g. regression,support_lost, or none (default: regression)" };
        var command = new Command("run", "Run the matrix (or some cells) and write the reports") { config, cells, filter, parallel, output, dryRun, resume, baseline, failOn };
        command.SetAction(async (parse, ct) =>
        {
            using var signals = new ShutdownSignals();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, signals.Token);
            // Null when -c was left out: a new run then reads ./matrix.yml, a resumed one its own copy.
            var configPath = parse.GetResult(config) is { Implicit: false } ? parse.GetValue(config) : null;
            return await RunAsync(new RunOptions(configPath, parse.GetValue(cells) ?? [], parse.GetValue(filter) ?? [],
                parse.GetValue(parallel), parse.GetValue(output), parse.GetValue(dryRun), parse.GetValue(resume), parse.GetValue(baseline), parse.GetValue(failOn)),
                BackendRegistry.Create, linked.Token).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(RunOptions options, Func<Config.MatrixConfig, string, IBackend?> createBackend, CancellationToken cancellationToken)
    {
        var error = Console.Error;
        var (minParallel, maxParallel) = ConfigLimits.Range<Config.MatrixConfig>(nameof(Config.MatrixConfig.Parallel));
        if (options.Parallel < minParallel || options.Parallel > maxParallel)
        {
            error.WriteLine($"error: --parallel must be between {minParallel} and {maxParallel}, got {options.Parallel}");
            return ExitCodes.BadInput;
        }

        if (BaselineError(options) is { } baselineError)
        {
            error.WriteLine("error: " + baselineError);
            return ExitCodes.BadInput;
        }

        // A resumed run continues with its own matrix file (the copy in its directory), not ./matrix.yml: find it first.
        var outDir = options.OutDir;
        RunManifest? previous = null;
        if (options.Resume)
        {
            outDir ??= NewestPartialRun();
            if (outDir is null)
            {
                error.WriteLine("error: --resume found no interrupted run under ./results (run.json with partial: true); pass --out DIR");
                return ExitCodes.BadInput;
            }

            try
            {
                previous = ResultStore.ReadManifest(outDir);
            }
            catch (InvalidDataException e)
            {
                error.WriteLine("error: --resume: " + e.Message);
                return ExitCodes.BadInput;
            }

            if (previous is null)
            {
                error.WriteLine($"error: --resume: {outDir} holds no run.json; nothing to resume");
                return ExitCodes.BadInput;
            }
        }

        Config.ConfigSnapshot? snapshot;
        Config.MatrixConfig? config;
        try
        {
            snapshot = previous is not null
                ? ResumeConfig.Resolve(outDir!, previous, options.ConfigPath, error)
                : Config.ConfigSnapshot.Read(options.ConfigPath ?? ConfigOption.DefaultPath);
            if (snapshot is null) return ExitCodes.BadInput;
            // Errors name the file whose lines they count: the run's copy when resuming, else the file as the user named it.
            var shown = previous is null ? options.ConfigPath ?? ConfigOption.DefaultPath
                : previous.ConfigSha256 is not null ? ResultStore.ConfigCopyPath(outDir!) : snapshot.SourceFile;
            config = ConfigOption.Load(snapshot, shown, error);
        }
        catch (Config.ConfigException e)
        {
            ConfigOption.Print(e, options.ConfigPath ?? ConfigOption.DefaultPath, error);
            return ExitCodes.BadInput;
        }

        if (config is null) return ExitCodes.BadInput;
        PhaseTrace.Mark("config loaded");
        // Backends are made with this file's settings (vm.memory/cpus, debian.mirror).
        IBackend? backends(string name) => createBackend(config, name);

        IReadOnlyList<CellSpec> selected;
        try
        {
            selected = CellSelection.Select(CellPlanner.Expand(config), options.Cells.ToHashSet(StringComparer.Ordinal), CellFilter.Parse(options.Filters));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        PhaseTrace.Mark("cells selected");
        if (selected.Count == 0)
        {
            error.WriteLine("error: no cell matches --cell/--filter; `matrix plan` lists the cells");
            return ExitCodes.BadInput;
        }

        // Resume the cells the interrupted run planned (its --cell/--filter selection), not a new selection.
        if (previous is { Plan.Count: > 0 } && options.Cells.Count == 0 && options.Filters.Count == 0) selected = previous.Plan;

        if (options.DryRun) return await DryRunAsync(selected, config.Vm, backends, cancellationToken).ConfigureAwait(false);

        outDir ??= Path.Combine("results", DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        if (!options.Resume && File.Exists(ResultStore.ManifestPath(outDir)))
        {
            error.WriteLine($"error: {outDir} already holds a run; use --resume to finish it, or choose another --out");
            return ExitCodes.BadInput;
        }

        var plain = Console.IsOutputRedirected || RunEnvironment.InCi;
        IProgressView progress = plain
            ? new PlainProgress(Console.Out, RunEnvironment.InGithubActions)
            : new LiveProgress(AnsiConsole.Console);
        var request = new RunRequest(config.SourceFile, selected, outDir, options.Resume, options.Parallel ?? config.Parallel,
            AgentArtifacts.Locate(), config.ResolveCacheDir(), config.Vm, config.Kernels.Select(k => k.Name).ToList(), snapshot);
        try
        {
            await KernelPrebuild.RunAsync(selected, request.CacheDir, error, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("matrix: interrupted while building a kernel, before any cell ran");
            return ExitCodes.Interrupted;
        }

        PhaseTrace.Mark("kernels to build checked");
        RunOutcome outcome;
        try
        {
            outcome = await new MatrixRunner(backends, progress).RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write results to {Path.GetFullPath(outDir)}: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (outcome.Interrupted)
        {
            error.WriteLine($"matrix: interrupted; {outcome.Planned - outcome.Missing} of {outcome.Planned} cells have results in {Path.GetFullPath(outDir)} " +
                $"(run.json says partial: true). Continue with: matrix run --resume --out {outDir}");
            return ExitCodes.Interrupted;
        }

        var report = new ReportOptions([outcome.OutDir], options.Baseline, FailOn: options.FailOn).FromEnvironment();
        return ReportCommand.Run(report, Console.Out, error, DateTimeOffset.UtcNow);
    }

    /// <summary>What is wrong with <c>--baseline</c>/<c>--fail-on</c>, found before any cell runs rather than after the whole run.</summary>
    private static string? BaselineError(RunOptions options)
    {
        try
        {
            new ReportOptions([], options.Baseline, FailOn: options.FailOn).FailOnClasses();
        }
        catch (FormatException e)
        {
            return e.Message;
        }

        return options.Baseline is { } path && !File.Exists(path)
            ? $"--baseline {path}: no such file (give a previous run's report.json, e.g. results/<timestamp>/report.json)"
            : null;
    }

    private static async Task<int> DryRunAsync(IReadOnlyList<CellSpec> cells, Config.VmSettings vm, Func<string, IBackend?> backends, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var availability = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in cells.Select(c => c.Backend).Distinct())
        {
            var backend = backends(name);
            if (backend is null)
            {
                availability[name] = $"skipped: backend '{name}' is not available in this build";
                continue;
            }

            var probe = await Pipelines.Probe(name, MatrixRunner.ProbeTimeout).ExecuteAsync(async t => await backend.ProbeAsync(t).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            availability[name] = probe.Available ? "runs" : "skipped: " + ProbeText.WithFix(probe);
        }

        var table = new Table().AddColumns("Batch", "Cells", "Backend", "Timeout", "Would");
        var n = 0;
        foreach (var batch in BatchPlanner.Batches(cells, vm))
        {
            table.AddRow((++n).ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join("\n", batch.Select(c => c.Id))), batch[0].Backend,
                $"{TimeBudget.For(batch).Batch.TotalSeconds:0} s", Markup.Escape(availability[batch[0].Backend]));
        }

        console.Write(table);
        console.WriteLine($"dry run: {cells.Count} cells in {n} batches; nothing was started");
        return ExitCodes.Ok;
    }

    private static string? NewestPartialRun()
    {
        if (!Directory.Exists("results")) return null;
        return Directory.EnumerateDirectories("results")
            .Where(d => ResultStore.ReadManifest(d) is { Partial: true })
            .OrderByDescending(d => File.GetLastWriteTimeUtc(ResultStore.ManifestPath(d)))
            .FirstOrDefault();
    }
}
