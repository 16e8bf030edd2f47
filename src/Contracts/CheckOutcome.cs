using System.Text.Json.Serialization;

namespace MptcpMatrix.Contracts;

/// <summary>What one check found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>The kernel behaved as the selftest expects.</summary>
    [JsonStringEnumMemberName("pass")] Pass,

    /// <summary>The kernel answered, but not as expected: <see cref="CheckResult.Expected"/> vs <see cref="CheckResult.Observed"/>.</summary>
    [JsonStringEnumMemberName("fail")] Fail,

    /// <summary>The kernel lacks the feature (MPTCP absent or disabled, option unknown to this kernel).</summary>
    [JsonStringEnumMemberName("unsupported")] Unsupported,

    /// <summary>The agent could not run the check (timeout, setup failure); says nothing about the kernel.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
