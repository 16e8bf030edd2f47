using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>pthread_detach(3): the thread's resources go back when it ends, nobody joins it.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "pthread_detach")]
        internal static partial int PThreadDetach(nuint thread);
    }
}
