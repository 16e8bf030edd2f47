using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>getsockopt(2) with a raw optlen pointer: the length itself is under test (0, -1, short values).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getsockopt", SetLastError = true)]
        internal static partial int GetSockOpt(int fd, int level, int optname, void* optval, int* optlen);
    }
}
