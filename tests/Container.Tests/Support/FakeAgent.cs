using MptcpMatrix.Orchestrator.Backends;

namespace MptcpMatrix.Container.Tests.Support;

/// <summary>
/// A fake agent bundle for failure paths: <c>opt/mptcp-agent/lib/ld-linux-x86-64.so.2</c> is a shell script (run by the
/// alpine-like image's busybox sh) instead of the loader, so it can hang, crash or print whatever the test needs.
/// </summary>
internal sealed class FakeAgent : IDisposable
{
    public FakeAgent(string script)
    {
        Dir = Directory.CreateTempSubdirectory("mm-fake-agent-").FullName;
        var opt = Path.Combine(Dir, "bundle", "opt", "mptcp-agent");
        Directory.CreateDirectory(Path.Combine(opt, "lib"));
        var loader = Path.Combine(opt, "lib", "ld-linux-x86-64.so.2");
        File.WriteAllText(loader, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(loader, (UnixFileMode)0x1ED);
        File.WriteAllText(Path.Combine(opt, "mptcp-agent"), "fake agent " + Guid.NewGuid() + "\n");
        Artifacts = new AgentArtifacts(Path.Combine(Dir, "bin", "mptcp-agent"), Path.Combine(Dir, "bundle"));
    }

    public string Dir { get; }
    public AgentArtifacts Artifacts { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
