using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Host;

/// <summary>
/// A thread made with pthread_create that runs managed code (it joins the runtime on its first managed call).
/// <see cref="Thread.Start()"/> makes the starting thread spin (sched_yield) until the new thread has started, which
/// on a 2-CPU machine costs the agent 0.1-1 ms per thread; this start returns as soon as clone(2) does. The body runs
/// with <see cref="Thread.Name"/> set (so the side's name shows in /proc and to the fault-injection tests); an
/// exception escaping it ends the process, as an unhandled exception on any thread does.
/// </summary>
internal sealed unsafe class NativeThread
{
    private readonly string _name;
    private readonly Action _body;
    private readonly object _gate = new();
    private bool _finished;

    private NativeThread(string name, Action body) => (_name, _body) = (name, body);

    public static NativeThread Start(string name, Action body)
    {
        var thread = new NativeThread(name, body);
        var handle = GCHandle.Alloc(thread);
        nuint id;
        var rc = Interop.Sys.PThreadCreate(&id, null, &Entry, GCHandle.ToIntPtr(handle));
        if (rc != 0)
        {
            handle.Free();
            throw new AgentException("thread", $"pthread_create for the {name} thread failed: {Interop.Errno.Name(rc)}");
        }

        _ = Interop.Sys.PThreadDetach(id); // cannot fail for a thread just made and not yet joined or detached
        return thread;
    }

    /// <summary>Waits until the body has returned; false when <paramref name="timeout"/> (may be
    /// <see cref="Timeout.InfiniteTimeSpan"/>) passed first.</summary>
    public bool Join(TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var until = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (!_finished)
            {
                if (infinite)
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                var left = until - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left))) return _finished;
            }

            return true;
        }
    }

    [UnmanagedCallersOnly]
    private static nint Entry(nint arg)
    {
        var handle = GCHandle.FromIntPtr(arg);
        var thread = (NativeThread)handle.Target!;
        handle.Free();
        try
        {
            Thread.CurrentThread.Name = thread._name;
            thread._body();
        }
        finally
        {
            lock (thread._gate)
            {
                thread._finished = true;
                Monitor.PulseAll(thread._gate);
            }
        }

        return 0;
    }
}
