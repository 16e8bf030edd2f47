using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>x86-64 syscall number of finit_module(2) (glibc has no wrapper).</summary>
        internal const long SYS_finit_module = 313;

        /// <summary>finit_module flag: the file is compressed (xz, zstd, gzip) and the kernel decompresses it (CONFIG_MODULE_DECOMPRESS, 6.x).</summary>
        internal const int MODULE_INIT_COMPRESSED_FILE = 4;

        [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial long FinitModule(long number, int fd, string parameters, int flags);
    }
}
