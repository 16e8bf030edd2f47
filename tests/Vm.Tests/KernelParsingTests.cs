using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Vm.Tests;

public sealed class KernelParsingTests
{
    [Fact]
    public void The_debian_archive_is_found_in_deb822_sources_and_security_entries_are_ignored()
    {
        var dir = Directory.CreateTempSubdirectory("apt-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sources.list.d"));
            File.WriteAllText(Path.Combine(dir.FullName, "sources.list.d", "debian.sources"), """
                Types: deb
                URIs: http://mirror.invalid/debian-security
                Suites: bookworm-security
                Components: main

                Types: deb
                # a comment
                URIs: http://mirror.invalid/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
            Assert.Equal("http://mirror.invalid/debian", DebianMirror.Detect(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void One_line_sources_with_options_are_understood()
    {
        var entries = DebianMirror.ParseOneLine("# x\ndeb [arch=amd64 signed-by=/k.gpg] http://m.invalid/debian trixie main\n").ToList();
        Assert.Equal("http://m.invalid/debian", Assert.Single(entries).Uri);
        Assert.Equal(["trixie"], entries[0].Suites);
    }

    [Fact]
    public void A_machine_without_debian_sources_gets_an_error_that_names_the_matrix_setting()
    {
        var dir = Directory.CreateTempSubdirectory("apt-");
        try
        {
            var e = Assert.Throws<KernelException>(() => DebianMirror.Detect(dir.FullName));
            Assert.Contains("debian.mirror", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_vm_pre_check_notes_what_only_changes_how_the_boot_goes()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "CONFIG_MPTCP=y\nCONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_BINFMT_ELF=y\n");

            KernelConfigFile.CheckVmBoot(file, out var missing, out var notes);

            Assert.Empty(missing);
            Assert.Equal(3, notes.Count);
            Assert.Contains(notes, n => n.StartsWith("CONFIG_MPTCP_IPV6 is not set", StringComparison.Ordinal));
            Assert.Contains(notes, n => n.StartsWith("CONFIG_DEVTMPFS is not set", StringComparison.Ordinal));
            Assert.Contains(notes, n => n.StartsWith("CONFIG_ACPI is not set", StringComparison.Ordinal));
            KernelConfigFile.CheckVmBoot(null, out missing, out notes);
            Assert.Empty(missing.Concat(notes));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_config_without_mptcp_makes_the_kernel_untestable_with_the_reason()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "CONFIG_INET=y\n# CONFIG_MPTCP is not set\n");
            var check = KernelConfigFile.CheckMptcp(file);
            Assert.False(check.Testable);
            Assert.True(check.Known);
            Assert.Contains("CONFIG_MPTCP is not set", check.Reason);

            File.WriteAllText(file, "CONFIG_MPTCP=y\nCONFIG_MPTCP_IPV6=y\n");
            Assert.True(KernelConfigFile.CheckMptcp(file).Testable);
            Assert.False(KernelConfigFile.CheckMptcp(null).Known);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_packages_stanza_yields_version_hash_and_dependencies()
    {
        var info = DebianPackageInfo.Parse("""
            Package: linux-image-7.2.13+deb14-cloud-amd64
            Version: 7.2.13-1
            Depends: linux-binary-7.2.13+deb14-cloud-amd64 (= 7.2.13-1), kmod | busybox
            Filename: pool/main/l/linux/x.deb
            SHA256: ABCDEF
            Description: Linux
             continued line: not a field

            Package: other
            """);
        Assert.NotNull(info);
        Assert.Equal("7.2.13-1", info.Version);
        Assert.Equal("abcdef", info.Sha256);
        Assert.Equal(["linux-binary-7.2.13+deb14-cloud-amd64", "kmod"], info.Depends);
    }
}
