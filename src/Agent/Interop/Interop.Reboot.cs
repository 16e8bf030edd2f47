using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        internal const int LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;
        internal const int LINUX_REBOOT_CMD_RESTART = 0x01234567;

        /// <summary>glibc reboot(3): the magic numbers are added by libc.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "reboot", SetLastError = true)]
        internal static partial int Reboot(int cmd);

        [LibraryImport(Libraries.Libc, EntryPoint = "sync")]
        internal static partial void Sync();
    }
}
