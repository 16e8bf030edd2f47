using System.Text.Json.Serialization;

namespace MptcpMatrix.Contracts;

/// <summary>System.Text.Json source generation for the agent contract (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = false)]
[JsonSerializable(typeof(AgentReport))]
[JsonSerializable(typeof(IReadOnlyList<AgentReport>))]
[JsonSerializable(typeof(InitPlan))]
public sealed partial class ContractJson : JsonSerializerContext;
