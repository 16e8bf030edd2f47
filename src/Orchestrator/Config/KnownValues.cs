namespace MptcpMatrix.Orchestrator.Config;

/// <summary>The valid values of matrix.yml's enumerations (read from the attributes its types declare, <see cref="ConfigLimits"/>) and name formats.</summary>
internal static class KnownValues
{
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
    public const string PackagePattern = "^linux-image-[a-z0-9.+-]+(=[A-Za-z0-9.+~:-]+)?$";
    public const string DebianVersionPattern = "^[0-9][A-Za-z0-9.+~:-]*$";
    public const string MainlineVersionPattern = "^[0-9]+\\.[0-9]+(\\.[0-9]+)?$";
    public const string SysctlPattern = "^net(\\.[A-Za-z0-9_-]+)+$";

    public static IReadOnlyList<string> Sources { get; } = ConfigLimits.Choices<KernelConfig>(nameof(KernelConfig.Source));

    /// <summary>The named <c>base</c> configs of a <c>source: build</c> kernel (anything else is a config file).</summary>
    public static IReadOnlyList<string> BuildBases { get; } = ["defconfig", "tinyconfig"];
    public static IReadOnlyList<string> Families { get; } = ConfigLimits.Choices<MatrixConfig>(nameof(MatrixConfig.Families));
    public static IReadOnlyList<string> Backends { get; } = ConfigLimits.Choices<MatrixConfig>(nameof(MatrixConfig.Backends));
    public static IReadOnlyList<string> Userspaces { get; } = ConfigLimits.Choices<MatrixConfig>(nameof(MatrixConfig.Userspaces));

    /// <summary>The agent's suites (its <c>--suite</c>), in the order it runs them.</summary>
    public static IReadOnlyList<string> Suites { get; } = ConfigLimits.Choices<MatrixConfig>(nameof(MatrixConfig.Suites));
    public static IReadOnlyList<string> Flavours { get; } = ConfigLimits.Choices<KernelConfig>(nameof(KernelConfig.Flavour));
    public static IReadOnlyList<string> Accels { get; } = ConfigLimits.Choices<VmSettings>(nameof(VmSettings.Accel));
    public static IReadOnlyList<string> VmBoots { get; } = ConfigLimits.Choices<VmSettings>(nameof(VmSettings.Boot));

    /// <summary>matrix.yml <c>container: base</c>.</summary>
    public static IReadOnlyList<string> ContainerBases { get; } = ConfigLimits.Choices<ContainerSettings>(nameof(ContainerSettings.Base));

    public static IReadOnlyList<string> DebianSuites { get; } = ConfigLimits.Choices<KernelConfig>(nameof(KernelConfig.Suite));

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
