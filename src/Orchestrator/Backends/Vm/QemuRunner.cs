using System.Diagnostics;
using System.Text;
using CliWrap;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Runs QEMU through CliWrap with an argument array, bounded by a timeout; the process is killed on timeout or
/// cancellation, and by its <see cref="QemuOwnerWatchdog"/> when this process dies first.
/// </summary>
internal sealed class QemuRunner(string? binary = null)
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
    /// 1 before reaching <c>-version</c>, and is then asked <c>--version</c> alone. Each QEMU start costs tens of
    /// milliseconds before a boot, so it is asked once per runner.
    /// </summary>
    private async Task<(string Version, bool Sandbox)> IdentifyAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known) return known;
        var (exit, text) = await AskAsync([.. QemuMachine.SandboxArguments, "-version"], cancellationToken);
        var sandbox = exit == 0;
        if (!sandbox) (exit, text) = await AskAsync(["--version"], cancellationToken);
        var first = text.Split('\n')[0];
        var at = first.IndexOf("version ", StringComparison.Ordinal);
        var version = exit == 0 && at >= 0 ? first[(at + 8)..].Split(' ')[0] : "unknown";
        return (_identity = (version, sandbox)).Value;
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
        try
        {
            var task = command.ExecuteAsync(linked.Token);
            // Should this process die without reaching the kill below (SIGKILL), the watchdog ends this QEMU.
            using var watchdog = QemuOwnerWatchdog.Start(task.ProcessId);
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
