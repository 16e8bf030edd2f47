using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>How check outcomes combine (the shared rule, <see cref="AgentVerdict"/>).</summary>
internal static class Verdicts
{
    public static CheckOutcome Combine(IEnumerable<CheckOutcome> outcomes) => AgentVerdict.Combine(outcomes);

    /// <summary>0 when nothing failed, 1 on a failed check, 2 when the agent could not work.</summary>
    public static int ExitCode(CheckOutcome verdict) => AgentVerdict.ExitCode(verdict);
}
