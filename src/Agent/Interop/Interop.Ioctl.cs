using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        internal const nuint SIOCGIFFLAGS = 0x8913;
        internal const nuint SIOCSIFFLAGS = 0x8914;
        internal const short IFF_UP = 0x1;

        /// <summary>struct ifreq, reduced to the name and flags members (40 bytes on 64-bit).</summary>
        [StructLayout(LayoutKind.Explicit, Size = 40)]
        internal struct IfReqFlags
        {
            [FieldOffset(0)] internal fixed byte Name[16];
            [FieldOffset(16)] internal short Flags;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int Ioctl(int fd, nuint request, void* arg);
    }
}
