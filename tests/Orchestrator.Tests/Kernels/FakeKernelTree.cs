using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Kernels;

/// <summary>
/// A directory that looks like a kernel source tree (top Makefile with the version, Kconfig, arch/x86) and a fake
/// <c>make</c> for it: <c>tinyconfig</c>/<c>defconfig</c> write a base .config, <c>olddefconfig</c> keeps the last assignment
/// of each symbol (as kconfig does), <c>bzImage</c> writes a fake bzImage of <see cref="Release"/>. Every call is
/// appended to <see cref="Calls"/>; <paramref name="bzImage"/> replaces the bzImage step's shell (a failure, a hang).
/// </summary>
internal sealed class FakeKernelTree
{
    public const string Release = "6.1.192-fake";

    public FakeKernelTree(TempDir dir, string? bzImage = null)
    {
        Tree = dir.Sub("linux");
        File.WriteAllText(Path.Combine(Tree, "Makefile"), "# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\nNAME = Fake\n");
        File.WriteAllText(Path.Combine(Tree, "Kconfig"), "mainmenu \"fake\"\n");
        Directory.CreateDirectory(Path.Combine(Tree, "arch", "x86"));
        File.WriteAllText(Path.Combine(Tree, "arch", "x86", "Kconfig"), "config X86\n");
        Image = FakeBzImage.Write(Path.Combine(dir.Path, "fake-bzImage"), Release);
        Calls = Path.Combine(dir.Path, "make-calls.log");
        Make = Path.Combine(dir.Path, "fake-make");
        WriteMake(bzImage);
    }

    public string Tree { get; }
    public string Make { get; }
    public string Image { get; }
    public string Calls { get; }

    /// <summary>(Re)writes the fake make; <paramref name="bzImage"/> replaces its bzImage step.</summary>
    public void WriteMake(string? bzImage = null)
    {
        File.WriteAllText(Make, $$"""
            #!/bin/bash
            set -e
            obj=; target=
            for a in "$@"; do case "$a" in O=*) obj=${a#O=};; -C|-j*) ;; *) target=$a;; esac; done
            echo "$*" >> '{{Calls}}'
            case "$target" in
              tinyconfig|defconfig) mkdir -p "$obj"; printf 'CONFIG_BASE_%s=y\n# CONFIG_MPTCP is not set\n' "$target" > "$obj/.config" ;;
              olddefconfig) sed -E 's/^# (CONFIG_[A-Za-z0-9_]+) is not set/\1=n/' "$obj/.config" | grep '^CONFIG_' | tac | awk -F= '!seen[$1]++' | tac > "$obj/.config.new"; mv "$obj/.config.new" "$obj/.config" ;;
              bzImage) echo "  LD      vmlinux"; {{bzImage ?? $"mkdir -p \"$obj/arch/x86/boot\"; cp '{Image}' \"$obj/arch/x86/boot/bzImage\""}} ;;
              *) echo "fake make: no rule to make target '$target'" >&2; exit 2 ;;
            esac
            """);
        File.SetUnixFileMode(Make, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The make targets run so far, in order.</summary>
    public IReadOnlyList<string> Targets() =>
        File.Exists(Calls) ? File.ReadAllLines(Calls).Select(l => l.Split(' ')[^1]).ToList() : [];
}
