using System.Diagnostics;
using System.Globalization;
using CliWrap;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// Runs <c>make -C &lt;tree&gt; O=&lt;obj&gt; ...</c> for <c>source: build</c>, appending its stdout and stderr to the build
/// log, under a timeout (the make process tree is killed when it passes or the run is cancelled). A failure names the tree,
/// the log and its last lines.
/// </summary>
/// <param name="make">The make program (tests give a fake one).</param>
internal sealed class MakeRunner(string name, string tree, string objDir, string logPath, string make = "make")
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();

    public string LogPath => logPath;

    public async Task RunAsync(IReadOnlyList<string> targets, TimeSpan timeout, CancellationToken cancellationToken, int jobs = 1)
    {
        if (HostProcess.Which(make) is null)
            throw new KernelException(name, "'make' is not installed; install the kernel build tools: apt-get install make gcc flex bison bc libelf-dev libssl-dev", permanent: true);
        string[] arguments = ["-C", tree, $"O={objDir}", $"-j{jobs.ToString(CultureInfo.InvariantCulture)}", .. targets];
        await using var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        Write(log, $"$ make {string.Join(' ', arguments)}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        var command = Cli.Wrap(make).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(e => e.Set("LC_ALL", "C"))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Write(log, line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Write(log, line)));
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KernelException(name, $"make {string.Join(' ', targets)} in {tree} did not finish within {Describe(timeout)} and was stopped; see {logPath}");
        }

        Write(log, $"# exit {result.ExitCode} after {watch.Elapsed.TotalSeconds:0.0} s");
        if (result.ExitCode != 0)
        {
            string tail;
            lock (_gate) tail = string.Join('\n', _tail);
            throw new KernelException(name, $"make {string.Join(' ', targets)} in {tree} exited with {result.ExitCode}; the build log is {logPath}; its last lines:\n{tail}", permanent: true);
        }
    }

    private static string Describe(TimeSpan timeout) =>
        timeout < TimeSpan.FromMinutes(2) ? $"{timeout.TotalSeconds:0} s" : $"{timeout.TotalMinutes:0} min";

    private void Write(StreamWriter log, string line)
    {
        lock (_gate)
        {
            log.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > 12) _tail.Dequeue();
        }
    }
}
