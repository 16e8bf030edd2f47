using CliWrap;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Container.Tests.Support;

/// <summary>
/// A Docker engine of the test's own (own data root, exec root, pidfile and socket; no bridge, no iptables), so stopping
/// it disturbs no other test. Stopped gracefully and its directory removed on dispose.
/// </summary>
public sealed class PrivateDockerd : IAsyncDisposable
{
    private CancellationTokenSource _graceful = new();
    private CancellationTokenSource _forceful = new();
    private CommandTask<CommandResult> _process;

    private PrivateDockerd(string dir)
    {
        Dir = dir;
        Socket = Path.Combine(dir, "docker.sock");
        LogFile = Path.Combine(dir, "dockerd.log");
        _process = Launch();
    }

    private CommandTask<CommandResult> Launch() =>
        Cli.Wrap("dockerd")
            .WithArguments(["--data-root", Path.Combine(Dir, "data"), "--exec-root", Path.Combine(Dir, "exec"), "--pidfile", Path.Combine(Dir, "dockerd.pid"),
                "-H", "unix://" + Socket, "--bridge=none", "--iptables=false", "--ip6tables=false"])
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToFile(LogFile + ".out"))
            .WithStandardErrorPipe(PipeTarget.ToFile(LogFile))
            .ExecuteAsync(_forceful.Token, _graceful.Token);

    public string Dir { get; }
    public string Socket { get; }
    public string LogFile { get; }
    public string Endpoint => "unix://" + Socket;
    public bool Exited => _process.Task.IsCompleted;

    /// <summary>Starts one and waits (at most 60 s) until it answers; skips/fails per <see cref="Requires"/> without dockerd or root.</summary>
    public static async Task<PrivateDockerd> StartAsync()
    {
        Requires.Root();
        Requires.Executable("dockerd", "apt-get install docker.io");
        // Short path: unix socket paths are limited to 108 bytes.
        var dir = Directory.CreateTempSubdirectory("mmd-").FullName;
        var engine = new PrivateDockerd(dir);
        if (await engine.AnswersAsync()) return engine;
        var log = File.Exists(engine.LogFile) ? string.Join('\n', File.ReadLines(engine.LogFile).TakeLast(15)) : "";
        await engine.DisposeAsync();
        throw new InvalidOperationException($"private dockerd did not answer within 60 s:\n{log}");
    }

    /// <summary>Starts the stopped engine again on the same data root (its containers are still there, as after a restart).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _graceful.Dispose();
        _forceful.Dispose();
        _graceful = new CancellationTokenSource();
        _forceful = new CancellationTokenSource();
        _process = Launch();
        if (!await AnswersAsync()) throw new InvalidOperationException("the private dockerd did not answer again within 60 s");
    }

    private async Task<bool> AnswersAsync()
    {
        using var client = Engine.Client(Endpoint);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Exited) return false;
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.System.PingAsync(bound.Token);
                return true;
            }
            catch (Exception)
            {
                await Task.Delay(250);
            }
        }

        return false;
    }

    /// <summary>Stops the engine like <c>systemctl stop docker</c> (SIGINT, then SIGKILL after 60 s).</summary>
    public async Task StopAsync()
    {
        if (Exited) return;
        _graceful.Cancel();
        _forceful.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await _process;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await DebianRootfs.CleanupAsync(Dir);
        _graceful.Dispose();
        _forceful.Dispose();
    }
}
