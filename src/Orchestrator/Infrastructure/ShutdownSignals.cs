using System.Runtime.InteropServices;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>A cancellation token for Ctrl-C (SIGINT) and SIGTERM: the first signal cancels gracefully; everything started is cleaned up.</summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource cts = new();
    private readonly List<PosixSignalRegistration> registrations = [];

    public ShutdownSignals()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Trigger(signal.ToString());
            }));
        }
    }

    public CancellationToken Token => cts.Token;

    /// <summary>The signal that cancelled, if any.</summary>
    public string? Signal { get; private set; }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        foreach (var registration in registrations) registration.Dispose();
        cts.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Trigger("SIGINT");
    }

    private void Trigger(string signal)
    {
        if (cts.IsCancellationRequested) return;
        Signal = signal;
        Console.Error.WriteLine($"matrix: {signal}: stopping, cleaning up what was started (finished cells are kept)...");
        cts.Cancel();
    }
}
