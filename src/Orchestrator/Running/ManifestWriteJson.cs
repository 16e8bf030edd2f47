using System.Text.Json.Serialization;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>
/// run.json as it is written, through the source generator's fast path only (no property metadata): the manifest is
/// written before the first boot, and building the metadata of its types there cost ~200 JIT-compiled methods (generic
/// instantiations ReadyToRun cannot hold) before QEMU could start. The same options as <see cref="Infrastructure.OrchestratorJson"/>,
/// which reads it back; <c>ManifestJsonTests</c> checks that both write the same bytes.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunManifest))]
internal sealed partial class ManifestWriteJson : JsonSerializerContext;
