using System.Text.Json.Serialization;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Source-generated JSON for the kernel cache's own files (same options as the contract).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KernelManifest))]
[JsonSerializable(typeof(KernelResolution))]
[JsonSerializable(typeof(HashStamp))]
public sealed partial class KernelJson : JsonSerializerContext;
