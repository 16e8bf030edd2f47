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

    /// <summary>
    /// Boots <paramref name="machine"/> and waits for QEMU to exit (the guest powers off) or kills it at the timeout.
    /// Cancellation kills it too and then throws; either way no QEMU process outlives this call.
    /// </summary>
    public async Task<QemuOutcome> RunAsync(QemuMachine machine, CancellationToken cancellationToken)
    {
        var path = Locate();
        var stderr = new StringBuilder();
        using var timeout = new CancellationTokenSource(machine.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopwatch = Stopwatch.StartNew();
        var command = Cli.Wrap(path).WithArguments(machine.Arguments()).WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr));
        try
        {
            var task = command.ExecuteAsync(linked.Token);
            // Should this process die without reaching the kill below (SIGKILL), the watchdog ends this QEMU.
            using var watchdog = QemuOwnerWatchdog.Start(task.ProcessId);
            var result = await task;
            return new QemuOutcome(result.ExitCode, false, stopwatch.Elapsed, stderr.ToString());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new QemuOutcome(null, true, stopwatch.Elapsed, stderr.ToString());
        }
    }
}
