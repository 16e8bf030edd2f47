using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>pthread_create(3) with default attributes; returns 0 or an errno value (not via errno).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "pthread_create")]
        internal static partial int PThreadCreate(nuint* thread, void* attr, delegate* unmanaged<nint, nint> start, nint arg);
    }
}
