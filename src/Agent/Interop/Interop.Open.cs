using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        internal const int O_RDONLY = 0, O_WRONLY = 1;

        /// <summary>open(2) without O_CREAT: <see cref="O_RDONLY"/> or <see cref="O_WRONLY"/> (the agent never execs, so
        /// O_CLOEXEC does not matter).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string path, int flags);
    }
}
