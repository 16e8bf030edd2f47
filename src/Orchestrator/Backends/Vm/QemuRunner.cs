using System.Diagnostics;
using System.Text;
using CliWrap;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Runs QEMU through CliWrap with an argument array, bounded by a timeout; the process is killed on timeout or
/// cancellation, and by its <see cref="QemuOwnerWatchdog"/> when this process dies first.
/// </summary>
public sealed class QemuRunner(string? binary = null)
{
    public const string DefaultBinary = "qemu-system-x86_64";
    public const string Package = "qemu-system-x86";

    public string Binary { get; } = binary ?? DefaultBinary;

    /// <summary>Full path of the QEMU binary, or a <see cref="QemuNotFoundException"/> naming the package.</summary>
    public string Locate() => Kernels.Tools.Which(Binary) ?? throw new QemuNotFoundException(Binary);

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var result = await Cli.Wrap(Locate()).WithArguments(["--version"]).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout)).ExecuteAsync(cancellationToken);
        var first = stdout.ToString().Split('\n')[0];
        var at = first.IndexOf("version ", StringComparison.Ordinal);
        return result.ExitCode == 0 && at >= 0 ? first[(at + 8)..].Split(' ')[0] : "unknown";
    }

    private bool? _sandbox;

    /// <summary>
    /// Whether this QEMU build has the seccomp sandbox (<c>-sandbox</c>; built without libseccomp it has no such option
    /// group and exits 1 before reaching <c>-version</c>). Asked once per runner.
    /// </summary>
    public async Task<bool> SupportsSandboxAsync(CancellationToken cancellationToken)
    {
        if (_sandbox is { } known) return known;
        var result = await Cli.Wrap(Locate()).WithArguments([.. QemuMachine.SandboxArguments, "-version"]).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.Null).WithStandardErrorPipe(PipeTarget.Null).ExecuteAsync(cancellationToken);
        return (_sandbox = result.ExitCode == 0).Value;
    }

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
