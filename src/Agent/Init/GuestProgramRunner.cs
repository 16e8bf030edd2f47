using System.Diagnostics;
using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Host;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Runs a <see cref="GuestProgram"/> with posix_spawn(3) from the calling thread, so the child starts in that
/// thread's network namespace (the variant's), with standard output and error in one file under /tmp. Waits with a
/// deadline: a program still running then is killed.
/// </summary>
internal static unsafe class GuestProgramRunner
{
    public const int OutputLimit = 1 << 20;

    private static int _sequence;

    public static GuestProgramResult Run(GuestProgram program, string variant)
    {
        var started = Stopwatch.GetTimestamp();
        var output = $"/tmp/mptcp-agent-program-{Environment.ProcessId}-{Interlocked.Increment(ref _sequence)}.out";
        var argv = program.Argv;
        var strings = new List<nint>();
        var actions = NativeMemory.AllocZeroed(Interop.Sys.PosixSpawnFileActionsSize);
        try
        {
            var argvBlock = (byte**)NativeMemory.AllocZeroed((nuint)(argv.Count + 1), (nuint)sizeof(nint));
            var envBlock = (byte**)NativeMemory.AllocZeroed(2, (nuint)sizeof(nint));
            try
            {
                for (var i = 0; i < argv.Count; i++)
                {
                    var s = Marshal.StringToCoTaskMemUTF8(argv[i]);
                    strings.Add(s);
                    argvBlock[i] = (byte*)s;
                }

                var path = Marshal.StringToCoTaskMemUTF8("PATH=/bin:/sbin:/usr/bin:/usr/sbin");
                strings.Add(path);
                envBlock[0] = (byte*)path;

                var error = Interop.Sys.PosixSpawnFileActionsInit(actions);
                if (error == 0) error = Interop.Sys.PosixSpawnFileActionsAddOpen(actions, 1, output, Interop.Sys.O_WRONLY | Interop.Sys.O_CREAT | Interop.Sys.O_TRUNC, 0x1A4);
                if (error == 0) error = Interop.Sys.PosixSpawnFileActionsAddDup2(actions, 1, 2);
                var pid = 0;
                if (error == 0) error = Interop.Sys.PosixSpawn(out pid, argv[0], actions, null, argvBlock, envBlock);
                _ = Interop.Sys.PosixSpawnFileActionsDestroy(actions);
                if (error != 0)
                {
                    File.Delete(output); // the child may have opened it before its exec failed
                    return new GuestProgramResult(program.Name, variant, argv, null, null, "posix_spawn: " + Interop.Errno.Name(error), Elapsed(started), "");
                }

                var (exit, signal, timedOut) = Wait(pid, TimeSpan.FromSeconds(program.TimeoutSeconds));
                var text = ReadOutput(output);
                return new GuestProgramResult(program.Name, variant, argv, exit, signal,
                    timedOut ? $"timed out after {program.TimeoutSeconds} s (killed)" : null, Elapsed(started), text);
            }
            finally
            {
                NativeMemory.Free(argvBlock);
                NativeMemory.Free(envBlock);
            }
        }
        finally
        {
            foreach (var s in strings) Marshal.FreeCoTaskMem(s);
            NativeMemory.Free(actions);
        }
    }

    private static (int? Exit, int? Signal, bool TimedOut) Wait(int pid, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var killed = false;
        while (true)
        {
            var r = Interop.Sys.WaitPid(pid, out var status, killed ? 0 : Interop.Sys.WNOHANG);
            if (r == pid)
            {
                // The wait(2) status layout: low 7 bits the signal (0 for an exit), bits 8..15 the exit status.
                var signal = status & 0x7F;
                return signal == 0 ? (killed ? null : (status >> 8) & 0xFF, null, killed) : (null, signal, killed);
            }

            if (r < 0 && Marshal.GetLastPInvokeError() != Interop.Errno.EINTR) return (null, null, killed);
            if (!killed && Stopwatch.GetTimestamp() > deadline)
            {
                Interop.Sys.Kill(pid, Interop.Sys.SIGKILL);
                killed = true;
                continue;
            }

            if (!killed) Thread.Sleep(5);
        }
    }

    private static string ReadOutput(string path)
    {
        var bytes = ProcFile.ReadBytes(path, out _) ?? [];
        File.Delete(path);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, OutputLimit));
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
