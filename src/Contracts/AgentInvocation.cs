using System.Globalization;

namespace MptcpMatrix.Contracts;

/// <summary>
/// How the orchestrator starts the agent for one cell (host, container and virtme backends; a vm boot passes the same
/// values in its <see cref="InitPlan"/>): the one place its command line is assembled. The agent's parser
/// (<c>mptcp-agent --help</c>) is the other side of this contract.
/// </summary>
/// <param name="Family">One of <see cref="AgentFamilies.All"/>.</param>
/// <param name="Variant">The sysctl variant's name, copied into the report.</param>
/// <param name="TimeoutSeconds">The agent's bound of one family (1 to <see cref="MaxTimeoutSeconds"/>).</param>
public sealed record AgentInvocation(string Family, string Variant, int TimeoutSeconds)
{
    /// <summary>The largest <c>--timeout</c> the agent accepts.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary><c>--sysctl KEY=VALUE</c> each, set by the agent in its namespace (empty where something else sets them).</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--suite NAME</c> each (empty: the agent runs all).</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];

    /// <summary><c>--output FILE</c> (null: the report goes to stdout).</summary>
    public string? Output { get; init; }

    /// <summary><c>--new-netns</c>: the agent unshares a fresh network namespace first.</summary>
    public bool NewNetns { get; init; }

    /// <summary><c>--quiet</c>: no human summary on stderr.</summary>
    public bool Quiet { get; init; }

    /// <summary>The argv after the agent's program name.</summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string> { "--family", Family, "--variant", Variant };
        if (NewNetns) args.Add("--new-netns");
        if (Quiet) args.Add("--quiet");
        args.AddRange(["--timeout", TimeoutSeconds.ToString(CultureInfo.InvariantCulture)]);
        if (Output is not null) args.AddRange(["--output", Output]);
        foreach (var (key, value) in Sysctls.OrderBy(kv => kv.Key, StringComparer.Ordinal)) args.AddRange(["--sysctl", $"{key}={value}"]);
        foreach (var suite in Suites) args.AddRange(["--suite", suite]);
        return args;
    }
}
