using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>struct utsname: six fields of 65 bytes on Linux.</summary>
        internal const int UtsFieldLength = 65;

        [LibraryImport(Libraries.Libc, EntryPoint = "uname", SetLastError = true)]
        internal static partial int Uname(byte* buf);
    }
}
