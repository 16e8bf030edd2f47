using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>SIOCINQ (= FIONREAD): bytes queued for reading.</summary>
        internal const nuint SIOCINQ = 0x541B;

        /// <summary>SIOCOUTQ (= TIOCOUTQ): bytes not yet acknowledged by the peer.</summary>
        internal const nuint SIOCOUTQ = 0x5411;

        /// <summary>SIOCOUTQNSD: bytes not yet sent.</summary>
        internal const nuint SIOCOUTQNSD = 0x894B;

        /// <summary>ioctl(2) with an int out-argument (SIOCINQ, SIOCOUTQ, SIOCOUTQNSD).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int IoctlInt(int fd, nuint request, int* value);
    }
}
