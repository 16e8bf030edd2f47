using System.Text.Json.Serialization;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>What a baseline comparison knows of one check on one side: its outcome and, when the agent judged it, its expectation.</summary>
internal sealed record CheckState(CheckOutcome Outcome, Expectation? Expectation = null)
{
    public static CheckState Of(CheckResult check) => new(check.Outcome, check.Expectation);

    /// <summary>Unsupported for a confirmed reason: the kernel predates the feature, or MPTCP is off in this variant.</summary>
    [JsonIgnore]
    public bool IsExpectedUnsupported => Outcome == CheckOutcome.Unsupported && Expectation is Contracts.Expectation.ExpectedUnsupported or Contracts.Expectation.MptcpOff;

    /// <summary>No verdict on the kernel: an agent error, a check the agent lacked a capability for (the privilege decided it), or one
    /// whose effect this environment cannot show.</summary>
    [JsonIgnore]
    public bool IsNoVerdict => Outcome == CheckOutcome.Error ||
        (Outcome == CheckOutcome.Unsupported && Expectation is Contracts.Expectation.NeedsCapability or Contracts.Expectation.NotObservable);

    /// <summary>"pass", "fail (regression)", "unsupported (expected_unsupported)": the outcome and the agent's expectation.</summary>
    public override string ToString() =>
        AgentReportJson.Name(Outcome) + (Expectation is { } e ? $" ({AgentReportJson.Name(e)})" : "");

    /// <summary>A side of a change as text: its state, or "absent".</summary>
    public static string Describe(CheckState? state) => state?.ToString() ?? "absent";
}
