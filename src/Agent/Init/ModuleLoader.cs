using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Init;

/// <summary>Loads kernel modules with finit_module(2), compressed ones (.ko.xz, .ko.zst, .ko.gz) decompressed by the kernel.</summary>
internal static class ModuleLoader
{
    /// <summary>Loads each module in order; one already loaded (EEXIST) is fine. Returns one line per failure.</summary>
    public static IReadOnlyList<string> LoadAll(IEnumerable<string> paths)
    {
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var fd = Interop.Sys.Open(path, Interop.Sys.O_RDONLY);
            if (fd < 0)
            {
                failures.Add($"{path}: open: {Interop.Errno.Name(Marshal.GetLastPInvokeError())}");
                continue;
            }

            try
            {
                var compressed = path.EndsWith(".xz", StringComparison.Ordinal) || path.EndsWith(".zst", StringComparison.Ordinal) ||
                                 path.EndsWith(".gz", StringComparison.Ordinal);
                var flags = compressed ? Interop.Sys.MODULE_INIT_COMPRESSED_FILE : 0;
                if (Interop.Sys.FinitModule(Interop.Sys.SYS_finit_module, fd, "", flags) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != Interop.Errno.EEXIST) failures.Add($"{path}: finit_module: {Interop.Errno.Name(errno)}");
                }
            }
            finally
            {
                Interop.Sys.Close(fd);
            }
        }

        return failures;
    }
}
