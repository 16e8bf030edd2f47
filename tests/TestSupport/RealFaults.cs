using System.Diagnostics;

namespace MptcpMatrix.TestSupport;

/// <summary>
/// Faults injected for real, below the agent, without touching its code:
/// <list type="bullet">
/// <item><see cref="MiddleboxRules"/>: a middlebox in the network namespace (iptables' TCPOPTSTRIP in the mangle table)
/// that strips the MPTCP option (TCP option kind 30) from every SYN and SYN-ACK, so each connection falls back to TCP;</item>
/// <item><see cref="RefuseSockopt"/>: a seccomp filter that makes the kernel refuse one getsockopt(level, optname)
/// with an errno, as a kernel that lost the feature would, then executes the program under test.</item>
/// </list>
/// </summary>
public static class RealFaults
{
    /// <summary>TCP option kind of MPTCP (RFC 8684).</summary>
    public const int MptcpOptionKind = 30;

    /// <summary>The iptables and ip6tables commands that install the middlebox in the current network namespace.</summary>
    public static IReadOnlyList<string[]> MiddleboxRules { get; } =
    [
        ["iptables", "-w", "-t", "mangle", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "SYN", "SYN", "-j", "TCPOPTSTRIP", "--strip-options", "30"],
        ["ip6tables", "-w", "-t", "mangle", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "SYN", "SYN", "-j", "TCPOPTSTRIP", "--strip-options", "30"],
    ];

    /// <summary>The same rules as one shell command line (for wrappers that run in a namespace of their own).</summary>
    public static string MiddleboxShell => string.Join(" && ", MiddleboxRules.Select(r => string.Join(' ', r)));

    private static readonly Lazy<string> Tool = new(BuildTool);

    /// <summary>argv prefix that runs a program with getsockopt(<paramref name="level"/>, <paramref name="optname"/>)
    /// refused with <paramref name="errno"/> (optname -1: every option of the level).</summary>
    public static string[] RefuseSockopt(int level, int optname, int errno)
    {
        Requires.Executable("gcc", "apt-get install gcc libc6-dev");
        return [Tool.Value, level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            optname.ToString(System.Globalization.CultureInfo.InvariantCulture), errno.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }

    /// <summary>Requires iptables with TCPOPTSTRIP (locally skipped, in CI failed).</summary>
    public static void RequireMiddlebox() =>
        Requires.Executable("iptables", "apt-get install iptables (the xt_TCPOPTSTRIP module of the running kernel)");

    private static string BuildTool()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"mm-refuse-sockopt-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, "refuse-sockopt.c");
        var exe = Path.Combine(dir, "refuse-sockopt");
        File.WriteAllText(source, Source);
        using var cc = Process.Start(new ProcessStartInfo("gcc", ["-O2", "-Wall", "-static", "-o", exe, source]) { RedirectStandardError = true })!;
        var stderr = cc.StandardError.ReadToEnd();
        if (!cc.WaitForExit(120_000) || cc.ExitCode != 0) throw new InvalidOperationException("compiling refuse-sockopt failed: " + stderr);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return exe;
    }

    /// <summary>The seccomp wrapper (the tests' own code): x86-64 only, errno returned without the syscall being made.</summary>
    private const string Source = """
        #include <errno.h>
        #include <stddef.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        #include <linux/audit.h>
        #include <linux/filter.h>
        #include <linux/seccomp.h>
        #include <sys/prctl.h>
        #include <sys/syscall.h>

        int main(int argc, char **argv)
        {
            if (argc < 5) {
                fprintf(stderr, "usage: refuse-sockopt LEVEL OPTNAME|-1 ERRNO PROGRAM [ARGS...]\n");
                return 2;
            }
            unsigned level = (unsigned)strtoul(argv[1], NULL, 0);
            long optname = strtol(argv[2], NULL, 0);
            unsigned err = (unsigned)strtoul(argv[3], NULL, 0) & SECCOMP_RET_DATA;
            unsigned refuse = SECCOMP_RET_ERRNO | err;
            struct sock_filter filter[] = {
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getsockopt, 1, 0),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, level, 1, 0),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)optname, 1, 0),
                BPF_STMT(BPF_RET | BPF_K, optname < 0 ? refuse : SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_RET | BPF_K, refuse),
            };
            struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };
            if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
                perror("refuse-sockopt: seccomp");
                return 2;
            }
            execvp(argv[4], argv + 4);
            perror("refuse-sockopt: exec");
            return 127;
        }
        """;
}
