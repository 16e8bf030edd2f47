using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Tests.Doctor;

public sealed class ProbeTextTests
{
    [Fact]
    public void Doctor_detail_does_not_repeat_versions_the_detail_already_names()
    {
        var host = new BackendProbe(true, "kernel 6.18.44-fc-v657, MPTCP enabled", null, new Dictionary<string, string> { ["kernel"] = "6.18.44-fc-v657" });
        Assert.Equal("kernel 6.18.44-fc-v657, MPTCP enabled", ProbeText.Detail(host));

        var docker = new BackendProbe(true, "Docker 20.10.24+dfsg1 (API 1.41) at unix:///var/run/docker.sock", null,
            new Dictionary<string, string> { ["docker"] = "20.10.24+dfsg1", ["docker-api"] = "1.41" });
        Assert.Equal("Docker 20.10.24+dfsg1 (API 1.41) at unix:///var/run/docker.sock", ProbeText.Detail(docker));
    }

    [Fact]
    public void Doctor_detail_keeps_versions_the_detail_does_not_name()
    {
        var probe = new BackendProbe(true, "ready", null, new Dictionary<string, string> { ["qemu"] = "7.2.22" });
        Assert.Equal("ready [qemu 7.2.22]", ProbeText.Detail(probe));
    }

    [Fact]
    public void A_fix_already_in_the_detail_is_not_repeated()
    {
        var probe = new BackendProbe(false, "engine gone: start it: sudo scripts/setup.sh", "sudo scripts/setup.sh");
        Assert.Equal("engine gone: start it: sudo scripts/setup.sh", ProbeText.WithFix(probe));
        Assert.Equal("engine gone: start it", ProbeText.Detail(probe));
    }

    [Fact]
    public void A_fix_not_in_the_detail_is_appended_once()
    {
        var probe = new BackendProbe(false, "qemu-system-x86_64 not found", "apt-get install qemu-system-x86");
        Assert.Equal("qemu-system-x86_64 not found (fix: apt-get install qemu-system-x86)", ProbeText.WithFix(probe));
        Assert.Equal("qemu-system-x86_64 not found", ProbeText.Detail(probe));
    }
}
