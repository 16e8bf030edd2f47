using System.Text.Json.Serialization;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>Source-generated JSON for the orchestrator's own files (snake_case, same options as ContractJson).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = false)]
[JsonSerializable(typeof(CellResult))]
[JsonSerializable(typeof(CellSpec))]
[JsonSerializable(typeof(IReadOnlyList<CellSpec>))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(GithubMatrix))]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(BaselineReport))]
internal sealed partial class OrchestratorJson : JsonSerializerContext;
