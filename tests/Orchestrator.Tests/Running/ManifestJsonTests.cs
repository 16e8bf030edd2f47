using System.Text.Json;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>run.json is written through the fast-path-only context (no metadata before the first boot) and read through the full one.</summary>
public sealed class ManifestJsonTests
{
    [Fact]
    public void The_fast_path_writes_the_same_run_json_as_the_full_context_and_it_reads_back_equal()
    {
        var sysctls = new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" };
        var manifest = new RunManifest(RunManifest.CurrentSchemaVersion, "/work/matrix.yml", DateTimeOffset.Parse("2026-12-02T10:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
            null, true, false,
            [Reports.Spec("trixie", "ipv4", "vm", "default", new KernelSource("debian", Suite: "trixie")), Reports.Spec("host", "ipv6", "host", "off", KernelSource.Host, sysctls) with { Userspace = "debian", Accel = "tcg" }],
            ["trixie", "host"], new string('a', 64));

        var fast = JsonSerializer.Serialize(manifest, ManifestWriteJson.Default.RunManifest);

        Assert.Equal(JsonSerializer.Serialize(manifest, OrchestratorJson.Default.RunManifest), fast);
        var back = JsonSerializer.Deserialize(fast, OrchestratorJson.Default.RunManifest)!;
        Assert.Equal(JsonSerializer.Serialize(back, OrchestratorJson.Default.RunManifest), fast);
        Assert.Equal(manifest.Plan.Select(c => c.Id), back.Plan.Select(c => c.Id));
    }
}
