using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>struct iovec.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct IoVec
        {
            internal void* Base;
            internal nuint Length;
        }

        /// <summary>struct msghdr (64-bit layout: 56 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct MsgHdr
        {
            internal void* Name;
            internal uint NameLength;
            internal IoVec* Iov;
            internal nuint IovLength;
            internal void* Control;
            internal nuint ControlLength;
            internal int Flags;
        }

        /// <summary>recvmsg(2): the data and its control messages (TCP_CM_INQ).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "recvmsg", SetLastError = true)]
        internal static partial nint RecvMsg(int fd, MsgHdr* msg, int flags);
    }
}
