using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Expectations;

/// <summary>
/// Decides what a feature's absence or presence means, by the kernel's upstream version rather than by errno: errno
/// alone cannot tell "this kernel predates it" from "the connection fell back" or "broken" (EOPNOTSUPP is all three).
/// <list type="bullet">
/// <item>the connection fell back to TCP: <c>fail</c>, <see cref="Expectation.FellBack"/>;</item>
/// <item>kernel older than the feature, feature missing: <c>unsupported</c>, <see cref="Expectation.ExpectedUnsupported"/>;</item>
/// <item>kernel at or past the feature, feature missing: <c>fail</c>, <see cref="Expectation.Regression"/>;</item>
/// <item>kernel older than the feature, feature present: <c>pass</c>, <see cref="Expectation.EarlierThanUpstream"/>;</item>
/// <item>a stable kernel at or past a verified backport of the feature counts as having it (missing: a regression,
/// present: as expected); one before the backport as lacking it;</item>
/// <item>version unknown: <c>unsupported</c> by errno alone, <see cref="Expectation.UnknownVersion"/>.</item>
/// </list>
/// </summary>
internal sealed class ExpectationJudge(KernelVersion? kernel)
{
    /// <summary>What the agent may do in this namespace: probes needing a capability it lacks say so (<see cref="Expectation.NeedsCapability"/>).</summary>
    public Host.Capabilities Capabilities { get; init; } = Host.Capabilities.Read();

    /// <summary>The judge of the kernel <paramref name="info"/> describes (its <see cref="KernelInfo.UpstreamVersion"/>).</summary>
    public static ExpectationJudge For(KernelInfo info) => new(KernelVersion.ParsePrefix(info.UpstreamVersion));

    /// <summary>The judgement when the kernel refused <paramref name="feature"/>; <paramref name="fellBack"/> is the
    /// evidence that this side's connection fell back to TCP, when it did.</summary>
    public Judgement Missing(Feature feature, string? fellBack)
    {
        if (fellBack is not null)
            return new(CheckOutcome.Fail, Expectation.FellBack, $"the connection fell back to TCP ({fellBack}), so {feature.Title} cannot work on it");
        if (kernel is not { } k)
            return new(CheckOutcome.Unsupported, Expectation.UnknownVersion, $"{feature.Title} refused; the kernel's upstream version is unknown, so this is judged by errno alone ({feature.Added})");
        if (k.AtLeast(feature.Since))
            return new(CheckOutcome.Fail, Expectation.Regression, $"{feature.Title} is missing on Linux {k}, though it was {feature.Added}");
        if (feature.BackportTo(k) is { } backport)
        {
            var backported = $"{feature.Added}, backported to {backport.Major}.{backport.Minor}.y in {backport}";
            return Carries(k, backport)
                ? new(CheckOutcome.Fail, Expectation.Regression, $"{feature.Title} is missing on Linux {k}, though it was {backported}")
                : new(CheckOutcome.Unsupported, Expectation.ExpectedUnsupported, $"{feature.Title}: {backported}; this kernel is {k}");
        }

        return new(CheckOutcome.Unsupported, Expectation.ExpectedUnsupported, $"{feature.Title}: {feature.Added}; this kernel is {k}");
    }

    /// <summary>
    /// <see cref="Expectation.EarlierThanUpstream"/> when <paramref name="feature"/> works on a kernel older than its
    /// release that no known backport explains (a stable update at or past a verified backport is as expected).
    /// </summary>
    public Expectation? Present(Feature feature) =>
        kernel is { } k && !k.AtLeast(feature.Since) && !(feature.BackportTo(k) is { } backport && Carries(k, backport))
            ? Expectation.EarlierThanUpstream
            : null;

    /// <summary>
    /// The stable update that brought <paramref name="feature"/> to this kernel's branch (<c>6.1.94</c>), when the kernel
    /// is older than the feature's release and that update's branch is the kernel's: what a report says of a pass there.
    /// </summary>
    public string? Backport(Feature feature) =>
        kernel is { } k && !k.AtLeast(feature.Since) && feature.BackportTo(k) is { } backport ? backport.ToString() : null;

    /// <summary>Whether a kernel of the backport's branch is at or past it; an unknown patch level never is.</summary>
    private static bool Carries(KernelVersion kernel, KernelVersion backport) => kernel.Patch >= 0 && kernel.Patch >= backport.Patch;
}
