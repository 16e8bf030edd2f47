using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        internal const int CLONE_NEWNET = 0x40000000;

        /// <summary>unshare(2). CLONE_NEWNET moves only the calling thread into the new namespace.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "unshare", SetLastError = true)]
        internal static partial int Unshare(int flags);
    }
}
