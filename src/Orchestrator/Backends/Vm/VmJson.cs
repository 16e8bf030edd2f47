using System.Text.Json.Serialization;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>Source-generated JSON for the VM backend's own small files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AccelDecision))]
[JsonSerializable(typeof(GuestExtrasFile))]
[JsonSerializable(typeof(QemuIdentity))]
[JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class VmJson : JsonSerializerContext;
