using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CliWrap;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Runs QEMU through CliWrap with an argument array, bounded by a timeout; the process is killed on timeout or
/// cancellation, and by its <see cref="QemuOwnerWatchdog"/> when this process dies first.
/// </summary>
/// <param name="cacheDir">Where what the binary said about itself is remembered (<see cref="QemuIdentity"/>); null: asked once per runner.</param>
internal sealed class QemuRunner(string? binary = null, string? cacheDir = null)
{
    public const string DefaultBinary = "qemu-system-x86_64";
    public const string Package = "qemu-system-x86";

    public string Binary { get; } = binary ?? DefaultBinary;

    /// <summary>Full path of the QEMU binary, or a <see cref="QemuNotFoundException"/> naming the package.</summary>
    public string Locate() => Infrastructure.HostProcess.Which(Binary) ?? throw new QemuNotFoundException(Binary);

    /// <summary>QEMU's version (<c>unknown</c> when it does not say), asked once per runner (see <see cref="IdentifyAsync"/>).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken) => (await IdentifyAsync(cancellationToken)).Version;

    private (string Version, bool Sandbox)? _identity;

    /// <summary>
    /// Version and seccomp sandbox support from one QEMU start where possible: <c>-sandbox on,… -version</c> prints the
    /// version and exits 0 when the build has the sandbox; a build without libseccomp has no such option group and exits
    /// 1 before reaching <c>-version</c>, and is then asked <c>--version</c> alone. Each QEMU start costs 40-100 ms before
    /// a boot, so it is asked once per runner, and with a cache dir once per binary (<see cref="QemuIdentity"/>).
    /// </summary>
    private async Task<(string Version, bool Sandbox)> IdentifyAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known) return known;
        var path = Locate();
        var info = new FileInfo(path); // the binary itself, not a symlink to it: an upgrade replaces the target
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        var remembered = cacheDir is null ? null : Path.Combine(cacheDir, "qemu", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..16] + ".json");
        if (remembered is not null && Read(remembered) is { } same && same.Binary == path && same.Size == info.Length && same.MtimeTicks == info.LastWriteTimeUtc.Ticks)
            return (_identity = (same.Version, same.Sandbox)).Value;

        var (exit, text) = await AskAsync([.. QemuMachine.SandboxArguments, "-version"], cancellationToken);
        var sandbox = exit == 0;
        if (!sandbox) (exit, text) = await AskAsync(["--version"], cancellationToken);
        var first = text.Split('\n')[0];
        var at = first.IndexOf("version ", StringComparison.Ordinal);
        var version = exit == 0 && at >= 0 ? first[(at + 8)..].Split(' ')[0] : "unknown";
        if (remembered is not null && version != "unknown") Remember(remembered, new QemuIdentity(path, info.Length, info.LastWriteTimeUtc.Ticks, version, sandbox));
        return (_identity = (version, sandbox)).Value;
    }

    private static QemuIdentity? Read(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), VmJson.Default.QemuIdentity) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Remember(string file, QemuIdentity identity)
    {
        try
        {
            Infrastructure.AtomicFile.WriteAllText(file, JsonSerializer.Serialize(identity, VmJson.Default.QemuIdentity));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache: asked again next run.
        }
    }

    private async Task<(int ExitCode, string Stdout)> AskAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var result = await Cli.Wrap(Locate()).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout)).WithStandardErrorPipe(PipeTarget.Null).ExecuteAsync(cancellationToken);
        return (result.ExitCode, stdout.ToString());
    }

    /// <summary>Whether this QEMU build has the seccomp sandbox (<c>-sandbox</c>), from the same start as the version.</summary>
    public async Task<bool> SupportsSandboxAsync(CancellationToken cancellationToken) => (await IdentifyAsync(cancellationToken)).Sandbox;

    /// <summary>How often <see cref="RunAsync"/> asks whether the results are complete.</summary>
    public static readonly TimeSpan ResultsPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Boots <paramref name="machine"/> and waits for QEMU to exit (the guest powers off), for <paramref name="resultsComplete"/>
    /// to say the guest's results are complete (QEMU is then stopped at once: <see cref="QemuOutcome.EndedOnResults"/>), or
    /// kills it at the timeout. Cancellation kills it too and then throws; either way no QEMU process outlives this call.
    /// </summary>
    public async Task<QemuOutcome> RunAsync(QemuMachine machine, CancellationToken cancellationToken, Func<bool>? resultsComplete = null)
    {
        var path = Locate();
        var stderr = new StringBuilder();
        using var timeout = new CancellationTokenSource(machine.Timeout);
        using var complete = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, complete.Token);
        var stopwatch = Stopwatch.StartNew();
        var command = Cli.Wrap(path).WithArguments(machine.Arguments()).WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr));
        // Should this process die without reaching the kill below (SIGKILL), the watchdog ends this QEMU; it is started
        // first, so QEMU is watched from the moment it runs.
        using var watchdog = QemuOwnerWatchdog.Start();
        Infrastructure.PhaseTrace.Mark("QEMU watchdog started");
        try
        {
            var task = command.ExecuteAsync(linked.Token);
            watchdog.Watch(task.ProcessId);
            Infrastructure.PhaseTrace.Mark($"QEMU started (pid {task.ProcessId})");
            if (resultsComplete is not null)
            {
                using var tick = new PeriodicTimer(ResultsPollInterval);
                var exited = task.Task;
                try
                {
                    while (!exited.IsCompleted)
                    {
                        var next = tick.WaitForNextTickAsync(linked.Token).AsTask();
                        if (await Task.WhenAny(exited, next) == exited || !await next) break;
                        if (resultsComplete())
                        {
                            await complete.CancelAsync();
                            break;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // timeout or cancellation: awaiting the task below kills QEMU and says which
                }
            }

            var result = await task;
            return new QemuOutcome(result.ExitCode, false, stopwatch.Elapsed, stderr.ToString());
        }
        catch (OperationCanceledException) when (complete.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            return new QemuOutcome(null, false, stopwatch.Elapsed, stderr.ToString(), EndedOnResults: true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new QemuOutcome(null, true, stopwatch.Elapsed, stderr.ToString());
        }
    }
}
