using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Expectations;

/// <summary>
/// A feature a stable update carried to an older branch (TCP_KEEP*: upstream 6.10, 6.1.y from 6.1.94) is judged on that
/// branch by the stable update: as expected from it on, expected to be missing before it.
/// </summary>
public sealed class BackportJudgementTests
{
    private static readonly Feature Keepalive = SockoptFeatures.Keepalive;

    private static ExpectationJudge On(string version) => new(KernelVersion.ParsePrefix(version));

    [Theory]
    [InlineData("6.1.94")]
    [InlineData("6.1.192")]
    [InlineData("6.10")]
    [InlineData("7.2.13")]
    public void Present_on_a_kernel_that_has_it_upstream_or_by_its_backport_is_as_expected(string version) =>
        Assert.Null(On(version).Present(Keepalive));

    [Theory]
    [InlineData("6.1.93")]
    [InlineData("6.1")] // the patch level is unknown: the backport cannot be assumed
    [InlineData("6.6.30")] // no verified 6.6.y backport
    [InlineData("5.15.160")]
    public void Present_on_a_kernel_that_no_release_or_verified_backport_explains_is_earlier_than_upstream(string version) =>
        Assert.Equal(Expectation.EarlierThanUpstream, On(version).Present(Keepalive));

    [Theory]
    [InlineData("6.1.192", "6.1.94")]
    [InlineData("6.1.76", "6.1.94")] // before it too: the update that brings it
    [InlineData("6.10", null)] // upstream has it
    [InlineData("6.6.30", null)] // no verified 6.6.y backport
    public void The_backport_a_check_names_is_the_stable_update_of_the_kernels_branch(string version, string? expected) =>
        Assert.Equal(expected, On(version).Backport(Keepalive));

    [Fact]
    public void Missing_on_a_stable_kernel_past_its_backport_is_a_regression_naming_the_backport()
    {
        var judgement = On("6.1.192").Missing(Keepalive, fellBack: null);

        Assert.Equal(CheckOutcome.Fail, judgement.Outcome);
        Assert.Equal(Expectation.Regression, judgement.Expectation);
        Assert.Contains("backported to 6.1.y in 6.1.94", judgement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_on_a_stable_kernel_before_its_backport_is_expected_and_says_which_update_brings_it()
    {
        var judgement = On("6.1.76").Missing(Keepalive, fellBack: null);

        Assert.Equal(CheckOutcome.Unsupported, judgement.Outcome);
        Assert.Equal(Expectation.ExpectedUnsupported, judgement.Expectation);
        Assert.Contains("added in Linux 6.10, commit bd11dc4fb969, backported to 6.1.y in 6.1.94; this kernel is 6.1.76", judgement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_on_another_old_branch_is_expected_without_a_backport_note()
    {
        var judgement = On("6.6.30").Missing(Keepalive, fellBack: null);

        Assert.Equal(Expectation.ExpectedUnsupported, judgement.Expectation);
        Assert.DoesNotContain("backported", judgement.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ip_freebind_transparent_get", "6.1.135", "6.12.24")]
    [InlineData("ipv6_v6only_get", "6.1.135", "6.12.24")]
    [InlineData("so_keepalive_get", "6.1.93", null)]
    [InlineData("tcp_keepalive_options", "6.1.94", null)]
    public void The_verified_backports_are_the_stable_updates_debians_changelog_names(string id, string first, string? second)
    {
        var feature = new[] { SockoptFeatures.FreebindTransparentGet, SockoptFeatures.V6OnlyGet, SockoptFeatures.KeepaliveGet, SockoptFeatures.Keepalive }
            .Single(f => f.Id == id);

        Assert.Equal(second is null ? [first] : new[] { first, second }, feature.Backports.Select(b => b.ToString()));
    }
}
