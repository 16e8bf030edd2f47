using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Sys
    {
        /// <summary>Bytes reserved for glibc's opaque <c>posix_spawn_file_actions_t</c> (80 on x86-64; twice that to be safe).</summary>
        internal const int PosixSpawnFileActionsSize = 160;

        internal const int O_CREAT = 0x40, O_TRUNC = 0x200, O_RDWR = 2;

        /// <summary>posix_spawn(3): returns the error number itself (not -1 and errno).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int PosixSpawn(out int pid, string path, void* fileActions, void* attributes, byte** argv, byte** envp);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_init")]
        internal static partial int PosixSpawnFileActionsInit(void* fileActions);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
        internal static partial int PosixSpawnFileActionsDestroy(void* fileActions);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int PosixSpawnFileActionsAddOpen(void* fileActions, int fd, string path, int flags, int mode);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_adddup2")]
        internal static partial int PosixSpawnFileActionsAddDup2(void* fileActions, int fd, int newFd);
    }
}
