using System.Runtime.InteropServices;
using System.Text;

namespace MptcpMatrix.Agent.Host;

/// <summary>
/// stdout and stderr through write(2), UTF-8. System.Console is avoided on purpose: its initialisation (encoding
/// detection, terminal probing, a signal-handling thread) costs more than the agent's whole test.
/// </summary>
internal static unsafe class StandardStreams
{
    public const int Out = 1, Error = 2;

    public static void Write(int fd, string text) => Write(fd, Encoding.UTF8.GetBytes(text));

    public static void WriteLine(int fd, string text) => Write(fd, text + "\n");

    /// <summary>Writes all of <paramref name="bytes"/>; a stream that is gone (EPIPE, EBADF) drops the rest, as Console does.</summary>
    public static void Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var p = start;
            var left = bytes.Length;
            while (left > 0)
            {
                var n = Interop.Sys.Write(fd, p, (nuint)left);
                if (n > 0)
                {
                    p += n;
                    left -= (int)n;
                    continue;
                }

                var errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (errno == Interop.Errno.EINTR) continue;
                if (errno == Interop.Errno.EAGAIN && WaitWritable(fd)) continue;
                return;
            }
        }
    }

    /// <summary>A non-blocking descriptor (a pipe shared with a parent): wait until it takes data again.</summary>
    private static bool WaitWritable(int fd)
    {
        var pfd = new Interop.Sys.PollFd { Fd = fd, Events = Interop.Sys.POLLOUT };
        return Interop.Sys.Poll(&pfd, 1, -1) > 0;
    }
}
