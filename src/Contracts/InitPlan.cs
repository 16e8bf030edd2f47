namespace MptcpMatrix.Contracts;

/// <summary>
/// What the agent does when it is PID 1 of a VM (<c>--init</c>). The VM backend puts it in the boot's initramfs as
/// <c>/init-plan.json</c> (compact JSON); each variant runs in its own network namespace.
/// </summary>
/// <param name="Suites">The agent suites every variant runs (matrix.yml <c>suites</c>); null runs them all.</param>
public sealed record InitPlan(
    IReadOnlyList<InitVariant> Variants,
    ulong? Seed = null,
    int TimeoutSeconds = 15,
    string ResultDevice = "/dev/ttyS1",
    IReadOnlyList<string>? Suites = null);
