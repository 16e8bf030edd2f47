using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        internal const uint S_IFCHR = 0x2000;

        /// <summary>mknod(2) (glibc 2.33+ exports it; the agent's glibc is newer).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Mknod(string path, uint mode, ulong dev);

        /// <summary>glibc's makedev(3).</summary>
        internal static ulong MakeDev(uint major, uint minor) =>
            ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
    }
}
