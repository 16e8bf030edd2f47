using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        internal const int WNOHANG = 1;

        /// <summary>waitpid(2): the child's pid once it has changed state, 0 with <see cref="WNOHANG"/> while it runs.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "waitpid", SetLastError = true)]
        internal static partial int WaitPid(int pid, out int status, int options);
    }
}
