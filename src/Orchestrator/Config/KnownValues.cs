namespace MptcpMatrix.Orchestrator.Config;

/// <summary>The valid values of matrix.yml's enumerations and name formats.</summary>
public static class KnownValues
{
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
    public const string PackagePattern = "^linux-image-[a-z0-9.+-]+(=[A-Za-z0-9.+~:-]+)?$";
    public const string DebianVersionPattern = "^[0-9][A-Za-z0-9.+~:-]*$";
    public const string MainlineVersionPattern = "^[0-9]+\\.[0-9]+(\\.[0-9]+)?$";
    public const string SysctlPattern = "^net(\\.[A-Za-z0-9_-]+)+$";

    public static IReadOnlyList<string> Sources { get; } = ["host", "debian", "path", "url", "mainline", "build"];

    /// <summary>The named <c>base</c> configs of a <c>source: build</c> kernel (anything else is a config file).</summary>
    public static IReadOnlyList<string> BuildBases { get; } = ["defconfig", "tinyconfig"];
    public static IReadOnlyList<string> Families { get; } = ["ipv4", "ipv6"];
    public static IReadOnlyList<string> Backends { get; } = ["host", "container", "vm", "virtme"];
    public static IReadOnlyList<string> Userspaces { get; } = ["scratch", "debian", "alpine"];

    /// <summary>The agent's suites (its <c>--suite</c>), in the order it runs them.</summary>
    public static IReadOnlyList<string> Suites { get; } = ["selftest", "sockopts", "inq", "fallback"];
    public static IReadOnlyList<string> Flavours { get; } = ["cloud", "generic", "rt"];
    public static IReadOnlyList<string> Accels { get; } = ["auto", "kvm", "tcg"];
    public static IReadOnlyList<string> VmBoots { get; } = ["pvh", "bzimage"];

    /// <summary>matrix.yml <c>container: base</c>.</summary>
    public static IReadOnlyList<string> ContainerBases { get; } = ["local", "registry"];

    public static IReadOnlyList<string> DebianSuites { get; } =
        ["bullseye", "bullseye-backports", "bookworm", "bookworm-backports", "trixie", "trixie-backports", "forky", "sid"];

    /// <summary>The kernel keys each source accepts (the loader and the schema both use this).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SourceKeys { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["host"] = ["name", "source", "backends"],
        ["debian"] = ["name", "source", "suite", "package", "flavour", "version", "backends"],
        ["path"] = ["name", "source", "path", "modules", "backends"],
        ["url"] = ["name", "source", "url", "sha256", "backends"],
        ["mainline"] = ["name", "source", "version", "backends"],
        ["build"] = ["name", "source", "tree", "config", "base", "backends"],
    };

    /// <summary>Backends that test the orchestrator's own kernel.</summary>
    public static IReadOnlyList<string> HostKernelBackends { get; } = ["host", "container"];

    /// <summary>Backends that boot a kernel image.</summary>
    public static IReadOnlyList<string> BootingBackends { get; } = ["vm", "virtme"];

    /// <summary>Whether <paramref name="backend"/> can run a kernel of <paramref name="source"/>.</summary>
    public static bool CanReach(string backend, string source) =>
        source == "host" ? HostKernelBackends.Contains(backend) : BootingBackends.Contains(backend);

    public static string Choices(IEnumerable<string> values) => string.Join(", ", values);
}
