using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>opendir(3): a DIR* or 0 (errno set).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "opendir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint OpenDir(string path);
    }
}
