using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>_LINUX_CAPABILITY_VERSION_3: two 32-bit words per set (capabilities 0-63).</summary>
        internal const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;

        /// <summary>struct __user_cap_header_struct.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct CapHeader
        {
            internal uint Version;
            internal int Pid;
        }

        /// <summary>struct __user_cap_data_struct (one of two for version 3).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct CapData
        {
            internal uint Effective;
            internal uint Permitted;
            internal uint Inheritable;
        }

        /// <summary>capget(2): the calling thread's capability sets (pid 0), <paramref name="data"/> two elements long.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "capget", SetLastError = true)]
        internal static partial int CapGet(CapHeader* header, CapData* data);
    }
}
