namespace MptcpMatrix.Agent.Init;

/// <summary>
/// A program the init runs beside the agent, in a variant's network namespace, after its sysctls and before the
/// agent's own run (see <see cref="GuestExtras"/>).
/// </summary>
/// <param name="Name">Names its result frame.</param>
/// <param name="Argv">The program (an absolute path in the guest) and its arguments.</param>
/// <param name="Variants">The variants it runs in; null: every variant.</param>
/// <param name="TimeoutSeconds">Killed (SIGKILL) after this long.</param>
internal sealed record GuestProgram(string Name, IReadOnlyList<string> Argv, IReadOnlyList<string>? Variants, int TimeoutSeconds)
{
    public bool RunsIn(string variant) => Variants is null || Variants.Contains(variant, StringComparer.Ordinal);
}
