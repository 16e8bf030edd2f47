using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// Tiny static C programs used as a guest's /init to provoke faults a real agent never shows on purpose
/// (exit at once =&gt; kernel panic, sleep forever =&gt; hang, noise on the results port), and to return canned frames.
/// Compiled with <c>gcc -static</c> into a temp dir, then packed with <see cref="InitramfsBuilder"/>.
/// </summary>
public static class InitFixtures
{
    private static readonly string Dir = CreateDir();

    private static string CreateDir()
    {
        var dir = Directory.CreateTempSubdirectory("mptcpmatrix-vmtests-").FullName;
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
        return dir;
    }

    private const string Prelude = """
        #include <fcntl.h>
        #include <string.h>
        #include <unistd.h>
        #include <sys/mount.h>
        #include <sys/reboot.h>
        static void put(const char *dev, const char *text) {
            int fd = open(dev, O_WRONLY | O_NOCTTY);
            if (fd < 0) return;
            size_t left = strlen(text);
            while (left > 0) { ssize_t n = write(fd, text, left); if (n <= 0) break; text += n; left -= (size_t)n; }
            fsync(fd);
            close(fd);
        }
        """;

    /// <summary>Init that exits at once: the kernel panics with "Attempted to kill init".</summary>
    public static Task<string> ExitingInitAsync() => BuildAsync("exit", Prelude + "int main(void) { return 3; }\n");

    /// <summary>Init that never finishes.</summary>
    public static Task<string> HangingInitAsync() => BuildAsync("hang", Prelude + "int main(void) { for (;;) pause(); }\n");

    /// <summary>Init that writes <paramref name="resultsText"/> to ttyS1 and <paramref name="consoleText"/> to ttyS0, then powers off.</summary>
    public static Task<string> WritingInitAsync(string name, string resultsText, string consoleText = "") =>
        BuildAsync(name, Prelude + $$"""
            int main(void) {
                mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
                put("/dev/ttyS0", {{CString(consoleText)}});
                put("/dev/ttyS1", {{CString(resultsText)}});
                sync();
                reboot(RB_POWER_OFF);
                return 0;
            }
            """);

    /// <summary>
    /// Init that writes <paramref name="resultsText"/> to ttyS1 and then never powers off (as a kernel without ACPI halts):
    /// only the orchestrator stopping QEMU ends the boot early.
    /// </summary>
    public static Task<string> WritingThenHangingInitAsync(string name, string resultsText) =>
        BuildAsync(name, Prelude + $$"""
            int main(void) {
                mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
                put("/dev/ttyS0", "results written; not powering off\n");
                put("/dev/ttyS1", {{CString(resultsText)}});
                sync();
                for (;;) pause();
            }
            """);

    private static string CString(string text)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < 32 || c > 126 => $"\\{Convert.ToString(c, 8).PadLeft(3, '0')}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    /// <summary>The hanging init as a static binary (to stand in for the agent where the backend builds the initramfs itself).</summary>
    public static async Task<string> HangingInitBinaryAsync()
    {
        await BuildAsync("hang-binary", Prelude + "int main(void) { for (;;) pause(); }\n");
        return Path.Combine(Dir, "hang-binary");
    }

    /// <summary>Compiles the init and packs it as an initramfs; returns the initramfs path.</summary>
    private static async Task<string> BuildAsync(string name, string source)
    {
        Requires.Executable("gcc", "apt-get install gcc libc6-dev");
        var c = Path.Combine(Dir, name + ".c");
        var binary = Path.Combine(Dir, name);
        await File.WriteAllTextAsync(c, source);
        var result = await Cli.Wrap("gcc").WithArguments(["-static", "-Os", "-o", binary, c]).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, "gcc failed: " + result.StandardError);
        var initramfs = Path.Combine(Dir, name + ".cpio.gz");
        await using (var stream = File.Create(initramfs)) InitramfsBuilder.Write(stream, binary, null, compress: true);
        return initramfs;
    }
}
