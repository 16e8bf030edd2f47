using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Private temp directories named <c>&lt;prefix&gt;&lt;pid&gt;-&lt;random&gt;</c>. Each is deleted by its owner when a boot ends
/// (also on cancellation); one left by a process that was killed outright (SIGKILL) is swept by the next run.
/// </summary>
internal static class TempDirs
{
    public static DirectoryInfo Create(string prefix)
    {
        Sweep(prefix);
        return Directory.CreateTempSubdirectory($"{prefix}{Environment.ProcessId}-");
    }

    /// <summary>Deletes this prefix's directories whose owning process no longer exists.</summary>
    public static void Sweep(string prefix)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), prefix + "*"))
        {
            var rest = Path.GetFileName(dir)[prefix.Length..];
            var dash = rest.IndexOf('-');
            if (dash > 0 && int.TryParse(rest[..dash], out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
                KernelCache.TryDelete(dir);
        }
    }
}
