using System.Text.Json.Serialization;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// The contract's JSON options without indentation (the plan travels in the boot's initramfs; fewer bytes to unpack),
/// written through the source generator's fast path only: built before every boot, its property metadata cost ~30
/// JIT-compiled methods before QEMU could start (<c>BootPlanTests</c> checks it writes what <see cref="ContractJson"/> does).
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitPlan))]
internal sealed partial class CompactContractJson : JsonSerializerContext;
