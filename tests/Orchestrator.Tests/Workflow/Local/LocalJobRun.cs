namespace MptcpMatrix.Orchestrator.Tests.Workflow.Local;

/// <summary>One job (one matrix entry of it) as <see cref="LocalWorkflow"/> ran it: its directory, steps and outcome.</summary>
/// <param name="Job">The job's key in the workflow.</param>
/// <param name="Matrix">Its matrix entry (empty for a job without strategy).</param>
/// <param name="Workspace">Its own $GITHUB_WORKSPACE.</param>
/// <param name="Steps">Every step in order: name, whether it ran, its exit code and output.</param>
/// <param name="Summary">What its steps appended to $GITHUB_STEP_SUMMARY.</param>
public sealed record LocalJobRun(
    string Job,
    IReadOnlyDictionary<string, string> Matrix,
    string Workspace,
    IReadOnlyList<LocalStepRun> Steps,
    string Summary)
{
    public bool Failed => Steps.Any(s => s.ExitCode is not null and not 0);

    public LocalStepRun Step(string name) =>
        Steps.SingleOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"{Job}: no step '{name}' (steps: {string.Join(", ", Steps.Select(s => s.Name))})");
}
