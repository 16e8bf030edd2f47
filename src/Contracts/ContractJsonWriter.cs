using System.Text.Json.Serialization;

namespace MptcpMatrix.Contracts;

/// <summary>
/// Serialization-only ("fast path") source generation of the agent's report: the same options as
/// <see cref="ContractJson"/>, but the generated code writes the properties directly instead of building property
/// metadata first, which is most of the cost of a single serialization in a short-lived process. (Options-level
/// converters would switch the fast path off: keep this context's options free of them.) Readers (the orchestrator)
/// keep using <see cref="ContractJson"/>; a test keeps both outputs byte-identical.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = false,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(AgentReport))]
public sealed partial class ContractJsonWriter : JsonSerializerContext;
