using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        [LibraryImport(Libraries.Libc, EntryPoint = "closedir")]
        internal static partial int CloseDir(nint dir);
    }
}
