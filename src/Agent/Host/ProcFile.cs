using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Host;

/// <summary>
/// Small /proc and /sys files (and the init plan) through open(2)/read(2)/write(2). File.ReadAllText and File.WriteAllText do the same
/// with a FileStream, flock(2) and an encoding-detecting reader per file: measurable in a 3 ms run, and under a VM's
/// TCG, where every piece of code run for the first time is translated, tens of milliseconds.
/// </summary>
internal static unsafe class ProcFile
{
    /// <summary>The file's text, or null when it cannot be read (write-only, gone).</summary>
    public static string? ReadText(string path)
    {
        var fd = Interop.Sys.Open(path, Interop.Sys.O_RDONLY);
        if (fd < 0) return null;
        try
        {
            // A /proc value fits a page: read into the stack (a fresh 4 KB heap array per file is what cost, the GC
            // clears it), and only grow on the heap for a longer file.
            Span<byte> stack = stackalloc byte[4096];
            byte[]? heap = null;
            var total = 0;
            while (true)
            {
                var buffer = heap is null ? stack : heap;
                if (total == buffer.Length)
                {
                    var bigger = GC.AllocateUninitializedArray<byte>(buffer.Length * 2);
                    buffer.CopyTo(bigger);
                    heap = bigger;
                    buffer = heap;
                }

                nint n;
                fixed (byte* p = buffer)
                {
                    n = Interop.Sys.Read(fd, p + total, (nuint)(buffer.Length - total));
                }

                if (n == 0) return System.Text.Encoding.UTF8.GetString(buffer[..total]);
                if (n > 0) total += (int)n;
                else if (Marshal.GetLastPInvokeError() != Interop.Errno.EINTR) return null;
            }
        }
        finally
        {
            Interop.Sys.Close(fd);
        }
    }

    /// <summary>
    /// The whole file (e.g. the init plan in the initramfs), or null with the errno name in <paramref name="errno"/>.
    /// Read in 16 KB steps into a buffer that doubles, so a plan of any size is read, with one read(2) for a usual one.
    /// </summary>
    public static byte[]? ReadBytes(string path, out string? errno)
    {
        errno = null;
        var fd = Interop.Sys.Open(path, Interop.Sys.O_RDONLY);
        if (fd < 0)
        {
            errno = Interop.Errno.Name(Marshal.GetLastPInvokeError());
            return null;
        }

        try
        {
            var buffer = GC.AllocateUninitializedArray<byte>(16384);
            var total = 0;
            while (true)
            {
                if (total == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                nint n;
                fixed (byte* p = buffer)
                {
                    n = Interop.Sys.Read(fd, p + total, (nuint)(buffer.Length - total));
                }

                if (n == 0) return buffer[..total];
                if (n > 0) total += (int)n;
                else if (Marshal.GetLastPInvokeError() is var e && e != Interop.Errno.EINTR)
                {
                    errno = Interop.Errno.Name(e);
                    return null;
                }
            }
        }
        finally
        {
            Interop.Sys.Close(fd);
        }
    }

    /// <summary>Writes <paramref name="text"/> with one write(2); the errno name on failure, null on success.</summary>
    public static string? WriteText(string path, string text)
    {
        var fd = Interop.Sys.Open(path, Interop.Sys.O_WRONLY);
        if (fd < 0) return Interop.Errno.Name(Marshal.GetLastPInvokeError());
        try
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            fixed (byte* p = bytes)
            {
                while (true)
                {
                    var n = Interop.Sys.Write(fd, p, (nuint)bytes.Length);
                    if (n == bytes.Length) return null;
                    if (n >= 0) return $"short write ({n} of {bytes.Length} bytes)";
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != Interop.Errno.EINTR) return Interop.Errno.Name(errno);
                }
            }
        }
        finally
        {
            Interop.Sys.Close(fd);
        }
    }
}
