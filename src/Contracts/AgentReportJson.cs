using System.Text.Json;

namespace MptcpMatrix.Contracts;

/// <summary>
/// Writes an <see cref="AgentReport"/> with a bare <see cref="Utf8JsonWriter"/>: the bytes
/// <see cref="ContractJson"/> writes (snake_case names in declaration order, nulls left out, outcomes as their
/// names), without the serializer. The agent is the only writer; the orchestrator reads with
/// <see cref="ContractJson"/>, and ReportJsonTests keeps the two byte-identical.
/// Why by hand: building the serializer's metadata, even source-generated, reads the contract types' attributes
/// through reflection (polymorphism options), which makes NativeAOT's type loader build array types at run time. In a
/// 3 ms process that was the largest single cost left, and in a VM guest under TCG, where every piece of code run for
/// the first time is translated, it was ~0.1 s of every boot.
/// </summary>
public static class AgentReportJson
{
    /// <summary>The writer options of the contract: indented like <see cref="ContractJson"/>, or compact.</summary>
    public static JsonWriterOptions Options(bool indented) => new() { Indented = indented };

    public static void Write(Utf8JsonWriter json, AgentReport report)
    {
        json.WriteStartObject();
        json.WriteNumber("schema_version"u8, report.SchemaVersion);
        json.WriteString("agent_version"u8, report.AgentVersion);
        json.WritePropertyName("kernel"u8);
        json.WriteStartObject();
        json.WriteString("release"u8, report.Kernel.Release);
        json.WriteString("version"u8, report.Kernel.Version);
        json.WriteString("machine"u8, report.Kernel.Machine);
        WriteMap(json, "mptcp_sysctls"u8, report.Kernel.MptcpSysctls);
        if (report.Kernel.UpstreamVersion is { } upstream) json.WriteString("upstream_version"u8, upstream);
        if (report.Kernel.UpstreamVersionSource is { } source) json.WriteString("upstream_version_source"u8, source);
        json.WriteEndObject();
        json.WriteNumber("seed"u8, report.Seed);
        if (report.Port is { } port) json.WriteNumber("port"u8, port);
        if (report.Variant is { } variant) json.WriteString("variant"u8, variant);
        WriteMap(json, "sysctls"u8, report.Sysctls);
        json.WriteString("started_at"u8, report.StartedAt);
        json.WriteNumber("duration_ms"u8, report.DurationMs);
        json.WriteString("verdict"u8, Name(report.Verdict));
        json.WritePropertyName("families"u8);
        json.WriteStartArray();
        foreach (var family in report.Families)
        {
            json.WriteStartObject();
            json.WriteString("family"u8, family.Family);
            json.WriteString("verdict"u8, Name(family.Verdict));
            json.WritePropertyName("checks"u8);
            json.WriteStartArray();
            foreach (var check in family.Checks) WriteCheck(json, check);
            json.WriteEndArray();
            json.WriteNumber("duration_ms"u8, family.DurationMs);
            if (family.Reason is { } reason) json.WriteString("reason"u8, reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The outcome as the contract spells it (<see cref="CheckOutcome"/>'s member names).</summary>
    public static string Name(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "fail",
        CheckOutcome.Unsupported => "unsupported",
        CheckOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a CheckOutcome"),
    };

    /// <summary>The expectation as the contract spells it (<see cref="Expectation"/>'s JSON names).</summary>
    public static string Name(Expectation expectation) => expectation switch
    {
        Expectation.ExpectedUnsupported => "expected_unsupported",
        Expectation.Regression => "regression",
        Expectation.EarlierThanUpstream => "earlier_than_upstream",
        Expectation.FellBack => "fell_back",
        Expectation.UnknownVersion => "unknown_version",
        Expectation.MptcpOff => "mptcp_off",
        Expectation.NeedsCapability => "needs_capability",
        Expectation.NotObservable => "not_observable",
        _ => throw new ArgumentOutOfRangeException(nameof(expectation), expectation, "not an Expectation"),
    };

    private static void WriteCheck(Utf8JsonWriter json, CheckResult check)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, check.Id);
        json.WriteString("outcome"u8, Name(check.Outcome));
        if (check.Expected is { } expected) json.WriteString("expected"u8, expected);
        if (check.Observed is { } observed) json.WriteString("observed"u8, observed);
        if (check.Errno is { } errno) json.WriteString("errno"u8, errno);
        if (check.Reason is { } reason) json.WriteString("reason"u8, reason);
        json.WriteNumber("duration_ms"u8, check.DurationMs);
        if (check.Feature is { } feature) json.WriteString("feature"u8, feature);
        if (check.Since is { } since) json.WriteString("since"u8, since);
        if (check.Commit is { } commit) json.WriteString("commit"u8, commit);
        if (check.Backport is { } backport) json.WriteString("backport"u8, backport);
        if (check.Expectation is { } expectation) json.WriteString("expectation"u8, Name(expectation));
        json.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter json, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, string> map)
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        foreach (var (key, value) in map) json.WriteString(key, value);
        json.WriteEndObject();
    }
}
