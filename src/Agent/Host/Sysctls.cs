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
            if (ProcFile.WriteText(PathOf(key), value) is { } error)
                throw new AgentException("sysctl", $"cannot set {key}={value}: {error}" + (error == "ENOENT" ? " (no such sysctl on this kernel)" : ""));
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
                if (ProcFile.ReadText(dir + "/" + name) is { } value) result["net.mptcp." + name] = value.Trim();
            }
        }
        finally
        {
            _ = Interop.Sys.CloseDir(handle); // read-only directory stream: nothing to lose on a failed close
        }

        return result;
    }
}
