using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>
/// A fake <c>mptcp-agent</c>: a bash script in a temp dir (laid out like artifacts/agent) that behaves per mode file:
/// <c>mode</c> (default) or <c>mode-&lt;variant&gt;</c>: pass | fail | unsupported | error (canned report + matching exit code),
/// crash (stderr + exit 2, no report), liar (pass report + exit 1), hang (records its pid, then sleeps), flaky (crash once, then pass),
/// deaf (a pass report that ignores <c>--sysctl</c>; otherwise the report's <c>mptcp_sysctls</c> show the requested values, like the real agent).
/// Every invocation's argv is appended to <c>argv.log</c>.
/// </summary>
internal sealed class FakeAgent : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        dir=$(cd "$(dirname "$0")/.." && pwd)
        echo "$*" >> "$dir/argv.log"
        out=; variant=default; family=ipv4; applied=()
        while [ $# -gt 0 ]; do
          case "$1" in
            --output) out=$2; shift;;
            --sysctl) applied+=(-e "s/\"${2%%=*}\": *\"[^\"]*\"/\"${2%%=*}\": \"${2#*=}\"/"); shift;;
            --variant) variant=$2; shift;;
            --family) family=$2; shift;;
          esac
          shift
        done
        mode=$(cat "$dir/mode-$variant" 2>/dev/null || cat "$dir/mode")
        if [ "$mode" = flaky ]; then
          if [ -e "$dir/flaky-$variant-$family" ]; then mode=pass; else touch "$dir/flaky-$variant-$family"; mode=crash; fi
        fi
        if [ "$mode" = deaf ]; then applied=(); mode=pass; fi
        emit() { sed -e "s/__FAMILY__/$family/g" -e "s/__VARIANT__/$variant/g" "${applied[@]}" "$dir/report-$1.json" > "$out.tmp" && mv "$out.tmp" "$out"; }
        case "$mode" in
          hang) echo $$ >> "$dir/pids"; exec sleep 300;;
          crash) echo "mptcp-agent: unshare(CLONE_NEWNET): Operation not permitted" >&2; exit 2;;
          liar) emit pass; exit 1;;
          pass) emit pass; echo "summary: pass" >&2; exit 0;;
          unsupported) emit unsupported; exit 0;;
          fail) emit fail; echo "summary: 2 failed" >&2; exit 1;;
          error) emit error; exit 2;;
          *) echo "fake agent: unknown mode '$mode'" >&2; exit 2;;
        esac
        """;

    private readonly TempDir dir = new();

    public FakeAgent(string mode = "pass")
    {
        var bin = dir.Sub("bin");
        var script = Path.Combine(bin, "mptcp-agent");
        File.WriteAllText(script, Script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        dir.Sub("bundle");
        foreach (var outcome in new[] { CheckOutcome.Pass, CheckOutcome.Fail, CheckOutcome.Unsupported, CheckOutcome.Error })
        {
            var json = JsonSerializer.Serialize(Reports.Agent(outcome, "__FAMILY__", "__VARIANT__"), ContractJson.Default.AgentReport);
            File.WriteAllText(Path.Combine(dir.Path, $"report-{outcome.ToString().ToLowerInvariant()}.json"), json);
        }

        Mode = mode;
    }

    /// <summary>The agent directory (for MPTCPMATRIX_AGENT_DIR).</summary>
    public string Dir => dir.Path;

    public AgentArtifacts Artifacts => AgentArtifacts.Locate(dir.Path);

    public string Mode
    {
        set => File.WriteAllText(Path.Combine(dir.Path, "mode"), value);
    }

    public void ModeFor(string variant, string mode) => File.WriteAllText(Path.Combine(dir.Path, "mode-" + variant), mode);

    public IReadOnlyList<string> Invocations => File.Exists(Path.Combine(dir.Path, "argv.log")) ? File.ReadAllLines(Path.Combine(dir.Path, "argv.log")) : [];

    /// <summary>Pids of hanging fake agents.</summary>
    public IReadOnlyList<int> HangingPids => File.Exists(Path.Combine(dir.Path, "pids"))
        ? File.ReadAllLines(Path.Combine(dir.Path, "pids")).Where(l => l.Length > 0).Select(int.Parse).ToList()
        : [];

    public void Dispose()
    {
        // Never leave a sleeping fake behind, whatever the test did.
        foreach (var pid in HangingPids)
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        dir.Dispose();
    }
}
