using System.Text.Json.Serialization;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// How one check (cell id + family + check id) changed against a baseline report; <see cref="ChangeClassifier"/> decides.
/// The JSON names are what <c>--fail-on</c> takes.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeClass>))]
public enum ChangeClass
{
    /// <summary>Worse than the baseline: fails now and did not fail before, or passed and is now unsupported without a confirmed reason.</summary>
    [JsonStringEnumMemberName("regression")] Regression,

    /// <summary>Failed in the baseline, passes now.</summary>
    [JsonStringEnumMemberName("fixed")] Fixed,

    /// <summary>Was unsupported in the baseline, passes now.</summary>
    [JsonStringEnumMemberName("support_gained")] SupportGained,

    /// <summary>Passed or failed in the baseline, now unsupported as expected (an older kernel, MPTCP switched off).</summary>
    [JsonStringEnumMemberName("support_lost")] SupportLost,

    /// <summary>Absent from the baseline (or without a verdict there: an agent error), present now with a verdict other than fail.</summary>
    [JsonStringEnumMemberName("newly_tested")] NewlyTested,

    /// <summary>In the baseline with a verdict, now absent or without a verdict (an agent error).</summary>
    [JsonStringEnumMemberName("no_longer_tested")] NoLongerTested,

    /// <summary>Failed in the baseline and fails now.</summary>
    [JsonStringEnumMemberName("still_failing")] StillFailing,
}
