using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Host;

/// <summary>Reads and writes /proc/sys. Network sysctls resolve to the namespace of the thread that opens them.</summary>
internal static class Sysctls
{
    public static string PathOf(string key) => "/proc/sys/" + key.Replace('.', '/');

    public static void Apply(IReadOnlyDictionary<string, string> sysctls)
    {
        foreach (var (key, value) in sysctls)
        {
            if (key.Length == 0 || key.Contains('/', StringComparison.Ordinal) || key.Contains("..", StringComparison.Ordinal))
                throw new AgentException("sysctl", $"invalid sysctl key '{key}' (expected e.g. net.mptcp.enabled)");
            try
            {
                File.WriteAllText(PathOf(key), value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AgentException("sysctl", $"cannot set {key}={value}: {e.Message}");
            }
        }
    }

    /// <summary>Every readable file under /proc/sys/net/mptcp, by sysctl name; empty without MPTCP.</summary>
    public static unsafe IReadOnlyDictionary<string, string> ReadMptcp()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        const string dir = "/proc/sys/net/mptcp";
        // opendir/readdir rather than Directory.EnumerateFiles, whose enumerator rents (and the GC clears) a fresh
        // buffer on every run.
        var handle = Interop.Sys.OpenDir(dir);
        if (handle == 0) return result;
        try
        {
            for (var entry = Interop.Sys.ReadDir(handle); entry != null; entry = Interop.Sys.ReadDir(handle))
            {
                if (entry[Interop.Sys.DirentTypeOffset] == Interop.Sys.DT_DIR) continue; // also "." and ".."
                var name = Marshal.PtrToStringUTF8((nint)(entry + Interop.Sys.DirentNameOffset))!;
                if (ReadText(dir + "/" + name) is { } value) result["net.mptcp." + name] = value.Trim();
            }
        }
        finally
        {
            _ = Interop.Sys.CloseDir(handle); // read-only directory stream: nothing to lose on a failed close
        }

        return result;
    }

    /// <summary>
    /// A small /proc file through open(2)/read(2), or null when it cannot be read (write-only, gone). File.ReadAllText
    /// would do the same with a FileStream, flock(2) and an encoding-detecting reader per file.
    /// </summary>
    private static unsafe string? ReadText(string path)
    {
        var fd = Interop.Sys.Open(path, 0);
        if (fd < 0) return null;
        try
        {
            // A sysctl value fits a page: read into the stack (a fresh 4 KB heap array per file is what cost, the GC
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
}
