using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>offsetof(struct dirent, d_type) and d_name with glibc on 64-bit Linux (d_ino 8, d_off 8, d_reclen 2).</summary>
        internal const int DirentTypeOffset = 18, DirentNameOffset = 19;

        /// <summary>d_type of a directory.</summary>
        internal const byte DT_DIR = 4;

        /// <summary>readdir(3): the next struct dirent*, or null at the end (or on error).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readdir")]
        internal static partial byte* ReadDir(nint dir);
    }
}
