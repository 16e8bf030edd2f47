using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>accept4(2); the agent polls first, so this never blocks past its deadline.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "accept4", SetLastError = true)]
        internal static partial int Accept4(int fd, void* addr, int* addrlen, int flags);
    }
}
