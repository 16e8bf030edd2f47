using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Workflow.Local;

/// <summary>
/// What <c>actions/checkout</c> of MptcpMatrix gives a job, minus the compilers: the real <c>./matrix</c> wrapper, the
/// solution marker and global.json, and a <c>scripts/build-agent.sh</c> that stands in for both builds (the agent: a
/// <see cref="Support.FakeAgent"/>; the orchestrator: the matrix.dll these tests were built with), each laid out where the
/// real builds put them (<c>artifacts/agent</c>, <c>artifacts/orchestrator</c>).
/// </summary>
public static class FakeToolCheckout
{
    public static Action<string> Using(string fakeAgentDir) => target =>
    {
        File.Copy(Path.Combine(RepoPaths.Root, "matrix"), Path.Combine(target, "matrix"), overwrite: true);
        File.Copy(Path.Combine(RepoPaths.Root, "MptcpMatrix.sln"), Path.Combine(target, "MptcpMatrix.sln"), overwrite: true);
        File.Copy(Path.Combine(RepoPaths.Root, "global.json"), Path.Combine(target, "global.json"), overwrite: true);
        File.Copy(Path.Combine(RepoPaths.Root, "action.yml"), Path.Combine(target, "action.yml"), overwrite: true);
        Directory.CreateDirectory(Path.Combine(target, "scripts"));
        var build = Path.Combine(target, "scripts", "build-agent.sh");
        File.WriteAllText(build, $$"""
            #!/usr/bin/env bash
            # Test stand-in for scripts/build-agent.sh (and the ./matrix wrapper's orchestrator publish).
            set -euo pipefail
            root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
            mkdir -p "$root/artifacts"
            rm -rf "$root/artifacts/agent" "$root/artifacts/orchestrator"
            ln -s '{{fakeAgentDir}}' "$root/artifacts/agent"
            ln -s '{{AppContext.BaseDirectory.TrimEnd('/')}}' "$root/artifacts/orchestrator"
            echo "$root/artifacts/agent"

            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(build, (UnixFileMode)0x1ED);
        File.SetUnixFileMode(Path.Combine(target, "matrix"), (UnixFileMode)0x1ED);
    };
}
