using MptcpMatrix.Orchestrator.Planning;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The arguments of <c>matrix plan</c>.</summary>
/// <param name="ConfigPath"><c>-c</c>: the matrix file.</param>
/// <param name="Format"><c>--format</c>: table, json or github.</param>
/// <param name="Filters"><c>--filter</c> expressions (any one matching selects a cell).</param>
/// <param name="Group"><c>--group</c>: with github, one job per kernel or per cell.</param>
internal sealed record PlanOptions(string ConfigPath, string Format = "table", IReadOnlyList<string>? Filters = null, string Group = GithubGrouping.Kernel);
