using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Expectations;

public sealed class UpstreamVersionTests
{
    [Theory]
    [InlineData("6.1.0-50-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2026-10-02)", "6.1.176", "Debian package version")]
    [InlineData("6.12.95+deb12-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.95-1~bpo12+1 (2026-09-20)", "6.12.95", "Debian package version")]
    [InlineData("7.2.13+deb14-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 7.2.13-1 (2026-11-01)", "7.2.13", "Debian package version")]
    [InlineData("6.18.44-fc-v1045", "#1 SMP PREEMPT_DYNAMIC @0", "6.18.44", "uname -r")]
    [InlineData("6.6.63", "#1 SMP", "6.6.63", "uname -r")]
    [InlineData("6.1.0-50-cloud-amd64", "#1 SMP custom build", "6.1", "ABI name")]
    public void The_upstream_version_is_read_from_the_package_version_before_the_release(string release, string version, string upstream, string source)
    {
        var (v, from) = UpstreamVersion.Detect(release, version);

        Assert.Equal(upstream, v?.ToString());
        Assert.Contains(source, from, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mykernel", "#1 SMP")]
    [InlineData("unknown", "unknown")]
    [InlineData("", "")]
    public void A_custom_kernel_that_names_no_version_is_unknown_and_says_why(string release, string version)
    {
        var (v, from) = UpstreamVersion.Detect(release, version);

        Assert.Null(v);
        Assert.StartsWith("unknown:", from, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6.4.16", "6.5", false)]
    [InlineData("6.5", "6.5", true)]
    [InlineData("6.5.0", "6.5", true)]
    [InlineData("5.16.1", "5.17", false)]
    [InlineData("7.0", "6.10", true)]
    [InlineData("6.9", "6.10", false)]
    [InlineData("6.10.2", "6.10", true)]
    public void A_kernel_is_at_or_past_a_release_by_major_and_minor_alone(string kernel, string since, bool atLeast) =>
        Assert.Equal(atLeast, KernelVersion.ParsePrefix(kernel)!.Value.AtLeast(KernelVersion.ParsePrefix(since)!.Value));

    [Fact]
    public void The_kernel_version_option_overrides_uname_and_refuses_what_is_not_a_version()
    {
        Assert.Equal("6.6.63", UpstreamVersion.FromOption("6.6.63")!.Value.Version.ToString());
        Assert.Null(UpstreamVersion.FromOption("unknown")!.Value.Version);
        Assert.Null(UpstreamVersion.FromOption(null));
        var e = Assert.Throws<AgentException>(() => UpstreamVersion.FromOption("six"));
        Assert.Contains("MAJOR.MINOR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_judge_maps_each_case_of_a_missing_or_present_feature_to_its_outcome()
    {
        var feature = Features.FullInfo;
        Assert.Equal((CheckOutcome.Unsupported, Expectation.ExpectedUnsupported), Judge("6.1.176").Missing(feature, null) is var a ? (a.Outcome, a.Expectation) : default);
        Assert.Equal((CheckOutcome.Fail, Expectation.Regression), Judge("6.5").Missing(feature, null) is var b ? (b.Outcome, b.Expectation) : default);
        Assert.Equal((CheckOutcome.Fail, Expectation.FellBack), Judge("6.1").Missing(feature, "TCP_IS_MPTCP 0") is var c ? (c.Outcome, c.Expectation) : default);
        Assert.Equal((CheckOutcome.Unsupported, Expectation.UnknownVersion), Judge(null).Missing(feature, null) is var d ? (d.Outcome, d.Expectation) : default);
        Assert.Equal(Expectation.EarlierThanUpstream, Judge("6.1.176").Present(feature));
        Assert.Null(Judge("6.5.1").Present(feature));
        Assert.Null(Judge(null).Present(feature));

        static ExpectationJudge Judge(string? v) => new(v is null ? null : KernelVersion.ParsePrefix(v));
    }
}
