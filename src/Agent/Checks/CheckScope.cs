using System.Globalization;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Checks;

/// <summary>A dotted id prefix (e.g. <c>client.initial.tcpinfo</c>), the feature its checks test, and the ways a
/// check under it is decided.</summary>
internal readonly record struct CheckScope(CheckLog Log, string Prefix, Feature? Feature = null)
{
    /// <summary>A nested scope; it tests <paramref name="feature"/> when given, else this scope's feature.</summary>
    public CheckScope Sub(string name, Feature? feature = null) => new(Log, Prefix + "." + name, feature ?? Feature);

    public string Id(string name) => Prefix + "." + name;

    /// <summary>Records pass when <paramref name="ok"/>, else fail with both values; returns <paramref name="ok"/>.</summary>
    public bool Expect(string name, bool ok, string expected, string observed)
    {
        Log.Add(Id(name), ok ? CheckOutcome.Pass : CheckOutcome.Fail, expected, observed, feature: Feature);
        return ok;
    }

    public bool Equal<T>(string name, T expected, T observed) where T : IEquatable<T> =>
        Expect(name, expected.Equals(observed), Format(expected), Format(observed));

    /// <summary>The call must succeed (return 0).</summary>
    public bool Succeeds(string name, SysResult result) =>
        Expect(name, result.Ok, "0", result.ToString());

    /// <summary>The call must be refused (return -1); <paramref name="errno"/>, when given, names the expected error.</summary>
    public bool Refused(string name, SysResult result, int? errno = null)
    {
        var ok = !result.Ok && (errno is null || result.Errno == errno);
        var expected = errno is null ? "-1 (any errno)" : "-1 " + Interop.Errno.Name(errno.Value);
        Log.Add(Id(name), ok ? CheckOutcome.Pass : CheckOutcome.Fail, expected, result.ToString(), result.Ok ? null : result.ErrnoName, feature: Feature);
        return ok;
    }

    /// <summary>
    /// The kernel does not offer this scope's feature (or a check cannot be made without it): the outcome is the
    /// <see cref="ExpectationJudge"/>'s, by the kernel's version and whether this side's connection fell back.
    /// </summary>
    public void Missing(string name, string observed, string? errno = null)
    {
        var feature = Feature ?? throw new InvalidOperationException($"{Prefix}: Missing needs a scope that tests a feature");
        var j = Log.Judge.Missing(feature, Log.FellBack);
        var expected = j.Outcome == CheckOutcome.Fail ? $"{feature.Title} works ({feature.Added})" : null;
        Log.Add(Id(name), j.Outcome, expected, observed, errno, j.Reason, feature, j.Expectation);
    }

    /// <summary><see cref="Missing"/> for every check of a group, so check ids stay the same across kernels.</summary>
    public void MissingAll(IEnumerable<string> names, SysResult refusal, string what)
    {
        foreach (var name in names) Missing(name, $"{what}: {refusal}", refusal.Ok ? null : refusal.ErrnoName);
    }

    /// <summary>
    /// A round's one call (a getsockopt of this scope's feature): a refusal that means the kernel lacks the feature
    /// judges every check of <paramref name="checks"/> missing (<see cref="MissingAll"/>); any other result is the
    /// <c>call</c> check. True when the call succeeded and the round goes on.
    /// </summary>
    public bool Called(IEnumerable<string> checks, SysResult result, string what)
    {
        if (Errnos.MeanMissing(result))
        {
            MissingAll(checks, result, what);
            return false;
        }

        return Succeeds("call", result);
    }

    /// <summary>Unsupported for a reason the kernel's version does not decide (MPTCP switched off here, for one).</summary>
    public void Unsupported(string name, string reason, string? errno = null, Expectation? expectation = null) =>
        Log.Add(Id(name), CheckOutcome.Unsupported, errno: errno, reason: reason, feature: Feature, expectation: expectation);

    /// <summary>Unsupported for want of a capability (<see cref="Expectation.NeedsCapability"/>): not the kernel's answer, the agent's privilege.</summary>
    public void NeedsCapability(string name, IReadOnlyList<Host.Capability> needs, string why, string observed, string? errno) =>
        Log.Add(Id(name), CheckOutcome.Unsupported, "needs " + Host.Capabilities.Names(needs), observed, errno,
            $"needs {Host.Capabilities.Names(needs)} in the network namespace's user namespace, which this agent lacks ({why})", Feature,
            Expectation.NeedsCapability);

    /// <summary>Unsupported because this environment cannot show what the check looks at (<see cref="Expectation.NotObservable"/>):
    /// <paramref name="missing"/> names the means it lacks; not the kernel's answer on MPTCP.</summary>
    public void NotObservable(string name, string missing, string reason, string? errno) =>
        Log.Add(Id(name), CheckOutcome.Unsupported, "needs " + missing + " to look", "not observable here", errno, reason, Feature, Expectation.NotObservable);

    public void Error(string name, string reason, string? errno = null) =>
        Log.Add(Id(name), CheckOutcome.Error, errno: errno, reason: reason, feature: Feature);

    private static string Format<T>(T value) => value switch
    {
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        null => "null",
        _ => value.ToString() ?? "",
    };
}
