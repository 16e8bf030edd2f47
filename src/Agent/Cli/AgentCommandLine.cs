using System.Globalization;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Cli;

/// <summary>A small, allocation-light parser: the agent has a dozen flags and must stay tiny for initramfs use.</summary>
internal static class AgentCommandLine
{
    public const string Usage = """
        usage: mptcp-agent [options]
          --family ipv4|ipv6|all   address families to test (default: all)
          --suite NAME             selftest, sockopts, inq or fallback (repeatable; default: all four)
          --seed N                 seed for the payload and TOS values (default: random; printed in the report)
          --port N                 listen port (default: 0 = ephemeral)
          --output FILE            write the JSON report to FILE atomically (default: stdout)
          --timeout SECONDS        bound for each family's run (default: 15)
          --new-netns              run in a fresh network namespace with lo up (needs root/CAP_SYS_ADMIN)
          --sysctl KEY=VALUE       set a sysctl first, e.g. net.mptcp.enabled=0 (repeatable)
          --variant NAME           label the report with a variant name
          --quiet                  no human summary on stderr
          --kernel-version V       the kernel's upstream version (e.g. 6.1.176), or unknown, when uname does not tell it
          --init                   PID 1 of a VM: run the plan from /proc/cmdline and power off
          --version                print the version
        exit: 0 nothing failed, 1 a check failed, 2 the agent could not work
        """;

    public static AgentOptions Parse(IReadOnlyList<string> args)
    {
        var o = new AgentOptions();
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? suites = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new AgentException("arguments", $"{arg} needs a value\n{Usage}");
                return args[++i];
            }

            o = arg switch
            {
                "--family" => o with { Families = ParseFamilies(Value()) },
                "--seed" => o with { Seed = ParseNumber<ulong>(arg, Value()) },
                "--port" => o with { Port = ParsePort(Value()) },
                "--output" => o with { Output = Value() },
                "--timeout" => o with { Timeout = TimeSpan.FromSeconds(ParseRange(arg, Value(), 1, Contracts.AgentInvocation.MaxTimeoutSeconds)) },
                "--new-netns" => o with { NewNetns = true },
                "--sysctl" => AddSysctl(o, sysctls, Value()),
                "--suite" => AddSuite(o, suites ??= [], Value()),
                "--variant" => o with { Variant = Value() },
                "--quiet" => o with { Quiet = true },
                "--kernel-version" => o with { KernelVersion = Expectations.UpstreamVersion.FromOption(Value()) },
                "--init" => o with { Init = true },
                "--version" => o with { ShowVersion = true },
                "-h" or "--help" => o with { ShowHelp = true },
                _ => throw new AgentException("arguments", $"unknown argument '{arg}'\n{Usage}"),
            };
        }

        return o with { Sysctls = sysctls, Suites = suites is null ? o.Suites : Ordered(suites) };
    }

    private static AgentOptions AddSuite(AgentOptions o, List<string> suites, string name)
    {
        if (!Suites.SuiteNames.IsKnown(name))
            throw new AgentException("arguments", $"--suite must be one of {string.Join(", ", Suites.SuiteNames.All)}, got '{name}'");
        if (!suites.Contains(name)) suites.Add(name);
        return o;
    }

    /// <summary>The named suites in the order they run.</summary>
    private static List<string> Ordered(List<string> named)
    {
        var ordered = new List<string>(named.Count);
        foreach (var suite in Suites.SuiteNames.All)
        {
            if (named.Contains(suite)) ordered.Add(suite);
        }

        return ordered;
    }

    private static AgentOptions AddSysctl(AgentOptions o, Dictionary<string, string> sysctls, string kv)
    {
        var eq = kv.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new AgentException("arguments", $"--sysctl expects KEY=VALUE (e.g. net.mptcp.enabled=0), got '{kv}'");
        sysctls[kv[..eq]] = kv[(eq + 1)..];
        return o;
    }

    private static IReadOnlyList<AddressFamily> ParseFamilies(string value) => value switch
    {
        "all" => [AddressFamily.IPv4, AddressFamily.IPv6],
        _ => [AddressFamily.Parse(value) ?? throw new AgentException("arguments", $"--family must be ipv4, ipv6 or all, got '{value}'")],
    };

    private static int ParsePort(string value) => (int)ParseRange("--port", value, 0, 65535);

    private static long ParseRange(string name, string value, long min, long max)
    {
        var n = ParseNumber<long>(name, value);
        if (n < min || n > max) throw new AgentException("arguments", $"{name} must be between {min} and {max}, got {value}");
        return n;
    }

    private static T ParseNumber<T>(string name, string value) where T : IParsable<T> =>
        T.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n : throw new AgentException("arguments", $"{name} expects a number, got '{value}'");
}
