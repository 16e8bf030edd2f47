using System.Text.Json.Serialization;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>The contract's JSON options without indentation: the plan travels on the kernel command line, where bytes count.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitPlan))]
internal sealed partial class CompactContractJson : JsonSerializerContext;
