using MptcpMatrix.Orchestrator.Planning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>
/// Reads matrix.yml into a <see cref="MatrixConfig"/>, reporting every problem (unknown keys, wrong types, duplicate names,
/// unknown suites or backends, unreachable kernel/backend pairs, an empty expansion) with <c>file:line:column</c>.
/// </summary>
internal static class ConfigLoader
{
    public static MatrixConfig LoadFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ConfigException([new ConfigError(path, 1, 1, "file not found")]);
        return Load(File.ReadAllBytes(full), full, displayName: path);
    }

    /// <summary>
    /// Parses the bytes of a matrix file, which must be UTF-8 (a byte that is not is reported with its position instead
    /// of being replaced by U+FFFD and reaching a sysctl or a path).
    /// </summary>
    public static MatrixConfig Load(ReadOnlySpan<byte> content, string sourceFile, string? displayName = null) =>
        Load(Utf8Text.Decode(content, displayName ?? sourceFile), sourceFile, displayName);

    /// <summary>Parses <paramref name="yaml"/>; <paramref name="sourceFile"/> resolves relative paths, <paramref name="displayName"/> names errors.</summary>
    public static MatrixConfig Load(string yaml, string sourceFile, string? displayName = null)
    {
        var reader = new YamlReader(displayName ?? sourceFile);
        var fileName = Path.GetFileName(displayName ?? sourceFile); // errors name the file really loaded, not always matrix.yml
        var stream = new YamlStream();
        try
        {
            // Aliases are bounded before the node tree is built: YamlDotNet hashes complex keys structurally (an alias bomb).
            if (!YamlExpansionGuard.Check(yaml, reader)) throw new ConfigException(reader.Errors);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message;
            reader.Error(new SourceMark((int)e.Start.Line, (int)e.Start.Column),
                $"not valid YAML: {e.Message}{(inner is null ? "" : " (" + inner + ")")}");
            throw new ConfigException(reader.Errors);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (without a position) for some unterminated constructs; the end of the input is where it gave up.
            var lines = yaml.Split('\n');
            reader.Error(new SourceMark(lines.Length, lines[^1].Length + 1), $"not valid YAML: the file ends inside an unterminated construct (an unclosed [ or {{?) ({e.Message})");
            throw new ConfigException(reader.Errors);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count > 0 ? YamlReader.Mark(stream.Documents[0].RootNode) : new SourceMark(1, 1);
            reader.Error(at, $"{fileName} must be one YAML mapping with keys {KnownValues.Choices(ConfigKeys.Of<MatrixConfig>())}");
            throw new ConfigException(reader.Errors);
        }

        var config = Read(reader, root, Path.GetFullPath(sourceFile), fileName);
        if (reader.Errors.Count == 0) Validate(reader, config, root);
        if (reader.Errors.Count > 0) throw new ConfigException(reader.Errors);
        return config;
    }

    private static MatrixConfig Read(YamlReader r, YamlMappingNode root, string sourceFile, string fileName)
    {
        var config = new MatrixConfig { SourceFile = sourceFile };
        var keys = r.Mapping(root, fileName, ConfigKeys.Of<MatrixConfig>());
        if (keys is null) return config;
        if (!keys.ContainsKey("kernels")) r.Error(root, "missing key 'kernels': list the kernels to test (e.g. - {name: host, source: host})");

        foreach (var (key, (_, node)) in keys)
        {
            switch (key)
            {
                case "kernels":
                    config = config with { Kernels = ReadKernels(r, node, Path.GetDirectoryName(sourceFile)!) };
                    break;
                case "families":
                    config = config with { Families = NonEmpty(r, node, key, r.ChoiceList(node, key, KnownValues.Families)) ?? config.Families };
                    break;
                case "backends":
                    config = config with { Backends = NonEmpty(r, node, key, r.ChoiceList(node, key, KnownValues.Backends)) ?? config.Backends };
                    break;
                case "userspaces":
                    config = config with { Userspaces = NonEmpty(r, node, key, r.ChoiceList(node, key, KnownValues.Userspaces)) ?? config.Userspaces };
                    break;
                case "suites":
                    config = config with { Suites = InRunOrder(NonEmpty(r, node, key, r.ChoiceList(node, key, KnownValues.Suites))) ?? config.Suites };
                    break;
                case "sysctls":
                    config = config with { Sysctls = ReadVariants(r, node) ?? config.Sysctls };
                    break;
                case "include":
                case "exclude":
                    var rules = ReadRules(r, node, key);
                    config = key == "include" ? config with { Include = rules } : config with { Exclude = rules };
                    break;
                case "repeat":
                    config = config with { Repeat = Limited<MatrixConfig>(r, node, key, nameof(MatrixConfig.Repeat)) ?? config.Repeat };
                    break;
                case "timeout":
                    config = config with { Timeout = Limited<MatrixConfig>(r, node, key, nameof(MatrixConfig.Timeout)) ?? config.Timeout };
                    break;
                case "retries":
                    config = config with { Retries = Limited<MatrixConfig>(r, node, key, nameof(MatrixConfig.Retries)) ?? config.Retries };
                    break;
                case "parallel":
                    config = config with { Parallel = Limited<MatrixConfig>(r, node, key, nameof(MatrixConfig.Parallel)) ?? config.Parallel };
                    break;
                case "cache":
                    config = config with { Cache = r.String(node, key, allowNull: true) };
                    break;
                case "debian":
                    config = config with { Debian = ReadDebian(r, node) };
                    break;
                case "mainline":
                    config = config with { Mainline = ReadMainline(r, node) };
                    break;
                case "vm":
                    config = config with { Vm = ReadVm(r, node) };
                    break;
                case "container":
                    config = config with { Container = ReadContainer(r, node) };
                    break;
            }
        }

        return config;
    }

    /// <summary>The suites named, once each, in the order the agent runs them.</summary>
    private static List<string>? InRunOrder(List<string>? suites) =>
        suites is null ? null : KnownValues.Suites.Where(suites.Contains).ToList();

    private static List<string>? NonEmpty(YamlReader r, YamlNode node, string what, List<string>? values)
    {
        if (values is null || node is not YamlSequenceNode { Children.Count: 0 }) return values;
        r.Error(node, $"{what} must not be empty");
        return null;
    }

    private static List<KernelConfig> ReadKernels(YamlReader r, YamlNode node, string baseDir)
    {
        var kernels = new List<KernelConfig>();
        var sequence = r.Sequence(node, "kernels");
        if (sequence is null) return kernels;
        if (sequence.Children.Count == 0) r.Error(node, "kernels must not be empty");
        var allKeys = ConfigKeys.Of<KernelConfig>();
        foreach (var item in sequence.Children)
        {
            var keys = r.Mapping(item, "a kernel", allKeys);
            if (keys is null) continue;
            var kernel = new KernelConfig { At = YamlReader.Mark(item), Name = RequiredName(r, keys, item, "kernel name", "a kernel") };
            if (keys.TryGetValue("source", out var source)) kernel = kernel with { Source = r.Choice(source.Value, "kernel source", KnownValues.Sources) ?? "" };
            else r.Error(item, $"kernel '{kernel.Name}' needs a 'source'; valid values: {KnownValues.Choices(KnownValues.Sources)}");

            string? Str(string key) => keys.TryGetValue(key, out var v) ? r.String(v.Value, $"kernel '{kernel.Name}': {key}") : null;
            kernel = kernel with
            {
                Suite = keys.TryGetValue("suite", out var suite) ? r.Choice(suite.Value, $"kernel '{kernel.Name}': suite", KnownValues.DebianSuites) : null,
                Package = keys.TryGetValue("package", out var package)
                    ? r.Pattern(package.Value, $"kernel '{kernel.Name}': package", KnownValues.PackagePattern, "linux-image-<version>-<flavour>-amd64[=<debian version>]")
                    : null,
                Flavour = keys.TryGetValue("flavour", out var flavour) ? r.Choice(flavour.Value, $"kernel '{kernel.Name}': flavour", KnownValues.Flavours) : null,
                Version = keys.TryGetValue("version", out var version)
                    ? r.Pattern(version.Value, $"kernel '{kernel.Name}': version", KnownValues.DebianVersionPattern, "a Debian package version, e.g. 6.1.176-1")
                    : null,
                Path = Str("path"),
                Modules = Str("modules"),
                Url = keys.TryGetValue("url", out var url) ? r.Pattern(url.Value, $"kernel '{kernel.Name}': url", "^https?://\\S+$", "an http(s) URL") : null,
                Sha256 = keys.TryGetValue("sha256", out var sha) ? r.Pattern(sha.Value, $"kernel '{kernel.Name}': sha256", "^[0-9a-fA-F]{64}$", "64 hex digits") : null,
                Tree = Str("tree"),
                Base = Str("base"),
                Backends = keys.TryGetValue("backends", out var backends) ? NonEmpty(r, backends.Value, $"kernel '{kernel.Name}': backends", r.ChoiceList(backends.Value, $"kernel '{kernel.Name}': backends", KnownValues.Backends)) : null,
            };

            // Keys that belong to another source are mistakes (a 'suite' on a path kernel would silently do nothing).
            var applicable = KnownValues.SourceKeys.TryGetValue(kernel.Source, out var sourceKeys) ? sourceKeys : allKeys;
            foreach (var (key, (keyNode, _)) in keys)
            {
                if (!applicable.Contains(key))
                    r.Error(keyNode, $"kernel '{kernel.Name}': key '{key}' does not apply to source '{kernel.Source}'; valid keys: {KnownValues.Choices(applicable)}");
            }

            switch (kernel.Source)
            {
                case "debian" when keys.ContainsKey("suite") == keys.ContainsKey("package"):
                    r.Error(item, $"kernel '{kernel.Name}': a debian kernel needs exactly one of 'suite' ({KnownValues.Choices(KnownValues.DebianSuites)}) or 'package'");
                    break;
                case "debian" when keys.ContainsKey("version") && !keys.ContainsKey("suite"):
                    r.Error(keys["version"].Value, $"kernel '{kernel.Name}': version pins a suite's kernel; with package, write package: <name>=<version>");
                    break;
                case "path" when !keys.ContainsKey("path"):
                    r.Error(item, $"kernel '{kernel.Name}': a path kernel needs 'path' (a vmlinuz/bzImage file)");
                    break;
                case "path" when kernel.Path is not null:
                    var full = System.IO.Path.GetFullPath(kernel.Path, baseDir);
                    if (Directory.Exists(full)) r.Error(keys["path"].Value, $"kernel '{kernel.Name}': path '{kernel.Path}' is a directory (resolved to {full}); {BootableHint}");
                    else if (!File.Exists(full)) r.Error(keys["path"].Value, $"kernel '{kernel.Name}': path '{kernel.Path}' does not exist (resolved to {full})");
                    else if (ImageProblem(full) is { } problem)
                        r.Error(keys["path"].Value, $"kernel '{kernel.Name}': {full} is not a bootable x86 kernel image: it is {problem}; {BootableHint}");
                    else kernel = kernel with { Path = full };
                    if (kernel.Modules is not null)
                    {
                        var modules = System.IO.Path.GetFullPath(kernel.Modules, baseDir);
                        if (!Directory.Exists(modules)) r.Error(keys["modules"].Value, $"kernel '{kernel.Name}': modules directory '{kernel.Modules}' does not exist (resolved to {modules})");
                        else kernel = kernel with { Modules = modules };
                    }

                    break;
                case "mainline" when kernel.Version is null || !System.Text.RegularExpressions.Regex.IsMatch(kernel.Version, KnownValues.MainlineVersionPattern):
                    r.Error(item, $"kernel '{kernel.Name}': a mainline kernel needs 'version': <major>.<minor> (the newest release of the series, e.g. 6.6) or <major>.<minor>.<patch> (e.g. 6.6.63)");
                    break;
                case "build":
                    kernel = BuildKernelEntry.Read(r, item, keys, kernel, baseDir);
                    break;
                case "url" when !keys.ContainsKey("url") || !keys.ContainsKey("sha256"):
                    r.Error(item, $"kernel '{kernel.Name}': a url kernel needs both 'url' and 'sha256' (downloads are verified against a pinned SHA-256)");
                    break;
            }

            if (kernel.Name.Length > 0 && kernels.Any(k => k.Name == kernel.Name))
                r.Error(keys["name"].Value, $"duplicate kernel name '{kernel.Name}' (first defined at line {kernels.First(k => k.Name == kernel.Name).At.Line})");
            kernels.Add(kernel);
        }

        return kernels;
    }

    private const string BootableHint = "expected a bzImage, e.g. /boot/vmlinuz-<release> or a build's arch/x86/boot/bzImage";

    private static string? ImageProblem(string path)
    {
        try
        {
            return Kernels.BzImage.Problem(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"unreadable ({e.Message})";
        }
    }

    private static List<SysctlVariantConfig>? ReadVariants(YamlReader r, YamlNode node)
    {
        var sequence = r.Sequence(node, "sysctls");
        if (sequence is null) return null;
        if (sequence.Children.Count == 0)
        {
            r.Error(node, "sysctls must not be empty (leave it out for a single 'default' variant)");
            return null;
        }

        var variants = new List<SysctlVariantConfig>();
        foreach (var item in sequence.Children)
        {
            var keys = r.Mapping(item, "a sysctl variant", ConfigKeys.Of<SysctlVariantConfig>());
            if (keys is null) continue;
            var variant = new SysctlVariantConfig { At = YamlReader.Mark(item), Name = RequiredName(r, keys, item, "variant name", "a sysctl variant") };
            if (keys.TryGetValue("values", out var valuesNode) && !YamlReader.IsNull(valuesNode.Value))
            {
                var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
                if (valuesNode.Value is not YamlMappingNode mapping)
                {
                    r.Error(valuesNode.Value, $"variant '{variant.Name}': values must be a mapping of net.* sysctl keys to values, e.g. {{ net.mptcp.enabled: 0 }}, got {YamlReader.Describe(valuesNode.Value)}");
                }
                else
                {
                    foreach (var (k, v) in mapping.Children)
                    {
                        var key = r.Pattern(k, $"variant '{variant.Name}': sysctl key", KnownValues.SysctlPattern,
                            "a net.* sysctl such as net.mptcp.enabled (only net.* sysctls are per network namespace)");
                        if (v is not YamlScalarNode { Value: { } value } || YamlReader.IsNull(v))
                        {
                            r.Error(v, $"variant '{variant.Name}': the value of '{key}' must be a number or string, got {YamlReader.Describe(v)}");
                            continue;
                        }

                        if (SysctlValueProblem(value) is { } problem)
                        {
                            r.Error(v, $"variant '{variant.Name}': the value of '{key ?? (k as YamlScalarNode)?.Value}' {problem}; valid: {SysctlValueHint}");
                            continue;
                        }

                        if (key is not null && !values.TryAdd(key, value)) r.Error(k, $"variant '{variant.Name}': duplicate sysctl '{key}'");
                    }
                }

                variant = variant with { Values = values };
            }

            if (variant.Name.Length > 0 && variants.Any(v => v.Name == variant.Name))
                r.Error(keys["name"].Value, $"duplicate sysctl variant name '{variant.Name}'");
            variants.Add(variant);
        }

        return variants;
    }

    private const string SysctlValueHint =
        "words of letters, digits and . _ - + : / , separated by spaces (e.g. 0, cubic, 4096 131072 6291456), at most 256 characters";

    /// <summary>
    /// What is wrong with a sysctl value, or null. Values reach the agent's argv, a shell-quoted virtme command and a
    /// /proc/sys write: a line break, ';', a quote or a control character would change what is run or written.
    /// </summary>
    private static string? SysctlValueProblem(string value)
    {
        if (value.Length == 0) return "is empty";
        if (value.Length > 256) return $"is {value.Length} characters long";
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) return "starts or ends with a blank";
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or ':' or '/' or ',') continue;
            if (c is ' ' or '\t') continue;
            var what = c switch
            {
                '\n' or '\r' or '\u2028' or '\u2029' => "a line break",
                _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
                _ when c > '~' => $"'{c}' (U+{(int)c:X4}, not ASCII)",
                _ => $"'{c}'",
            };
            return $"contains {what} at character {i + 1}";
        }

        return null;
    }

    private static List<MatrixRule> ReadRules(YamlReader r, YamlNode node, string what)
    {
        var rules = new List<MatrixRule>();
        if (YamlReader.IsNull(node)) return rules;
        var sequence = r.Sequence(node, what);
        if (sequence is null) return rules;
        foreach (var item in sequence.Children)
        {
            var keys = r.Mapping(item, $"an {what} entry", ConfigKeys.Of<MatrixRule>());
            if (keys is null) continue;
            if (keys.Count == 0) r.Error(item, $"an empty {what} entry matches every cell; name at least one of {KnownValues.Choices(ConfigKeys.Of<MatrixRule>())}");
            string? Get(string key, IReadOnlyList<string>? choices = null) =>
                !keys.TryGetValue(key, out var v) ? null : choices is null ? r.String(v.Value, $"{what}: {key}") : r.Choice(v.Value, $"{what}: {key}", choices);
            rules.Add(new MatrixRule
            {
                Kernel = Get("kernel"),
                Family = Get("family", KnownValues.Families),
                Backend = Get("backend", KnownValues.Backends),
                Variant = Get("variant"),
                Userspace = Get("userspace", KnownValues.Userspaces),
                At = YamlReader.Mark(item),
            });
        }

        return rules;
    }

    private static DebianSettings ReadDebian(YamlReader r, YamlNode node)
    {
        if (YamlReader.IsNull(node)) return new DebianSettings();
        var keys = r.Mapping(node, "debian", ConfigKeys.Of<DebianSettings>());
        string? Url(YamlNode value, string key) => r.Pattern(value, "debian: " + key, "^(https?|file)://\\S+$", "an http(s):// or file:// URL");
        return new DebianSettings { Mirror = Optional(keys, "mirror", v => Url(v, "mirror")), Security = Optional(keys, "security", v => Url(v, "security")) };
    }

    private static MainlineSettings ReadMainline(YamlReader r, YamlNode node)
    {
        if (YamlReader.IsNull(node)) return new MainlineSettings();
        var keys = r.Mapping(node, "mainline", ConfigKeys.Of<MainlineSettings>());
        return new MainlineSettings
        {
            Url = Optional(keys, "url", v => r.Pattern(v, "mainline: url", "^https?://\\S+$", "an http(s) URL")),
            Keyring = Optional(keys, "keyring", v => r.String(v, "mainline: keyring")),
        };
    }

    /// <summary>The <c>name</c> an entry must have (letters, digits, '.', '_' or '-'); "" after reporting it missing or invalid.</summary>
    private static string RequiredName(YamlReader r, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlNode item, string what, string entry)
    {
        if (keys.TryGetValue("name", out var name)) return r.Pattern(name.Value, what, KnownValues.NamePattern, "letters, digits, '.', '_' or '-'") ?? "";
        r.Error(item, $"{entry} needs a 'name'");
        return "";
    }

    /// <summary>An optional key of a settings mapping, read by <paramref name="read"/>; null when the key is absent or null.</summary>
    private static string? Optional(Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? keys, string key, Func<YamlNode, string?> read) =>
        keys is not null && keys.TryGetValue(key, out var entry) && !YamlReader.IsNull(entry.Value) ? read(entry.Value) : null;

    private static ContainerSettings ReadContainer(YamlReader r, YamlNode node)
    {
        var settings = new ContainerSettings();
        if (YamlReader.IsNull(node)) return settings;
        var keys = r.Mapping(node, "container", ConfigKeys.Of<ContainerSettings>());
        if (keys is not null && keys.TryGetValue("base", out var value))
            settings = settings with { Base = r.Choice(value.Value, "container: base", KnownValues.ContainerBases) ?? settings.Base };
        return settings;
    }

    private static VmSettings ReadVm(YamlReader r, YamlNode node)
    {
        var settings = new VmSettings();
        if (YamlReader.IsNull(node)) return settings;
        var keys = r.Mapping(node, "vm", ConfigKeys.Of<VmSettings>());
        if (keys is null) return settings;
        foreach (var (key, (_, value)) in keys)
        {
            settings = key switch
            {
                "accel" => settings with { Accel = r.Choice(value, "vm: accel", KnownValues.Accels) ?? settings.Accel },
                "memory" => settings with { Memory = Limited<VmSettings>(r, value, "vm: memory", nameof(VmSettings.Memory)) ?? settings.Memory },
                "cpus" => settings with { Cpus = Limited<VmSettings>(r, value, "vm: cpus", nameof(VmSettings.Cpus)) ?? settings.Cpus },
                "batch" => settings with { Batch = r.Bool(value, "vm: batch") ?? settings.Batch },
                "boot" => settings with { Boot = r.Choice(value, "vm: boot", KnownValues.VmBoots) ?? settings.Boot },
                _ => settings,
            };
        }

        return settings;
    }

    /// <summary>An integer within the <c>[Range]</c> <typeparamref name="T"/> declares for <paramref name="property"/>.</summary>
    private static int? Limited<T>(YamlReader r, YamlNode node, string what, string property)
    {
        var (min, max) = ConfigLimits.Range<T>(property);
        return r.Int(node, what, min, max);
    }

    /// <summary>Cross-field checks: kernel/backend reachability, include/exclude references, id collisions, an empty expansion.</summary>
    private static void Validate(YamlReader r, MatrixConfig config, YamlMappingNode root)
    {
        foreach (var kernel in config.Kernels)
        {
            if (kernel.Backends is { } own)
            {
                foreach (var backend in own.Where(b => !KnownValues.CanReach(b, kernel.Source)))
                {
                    r.Error(kernel.At, $"kernel '{kernel.Name}': backend '{backend}' cannot reach a {kernel.Source} kernel; valid backends for it: " +
                        KnownValues.Choices(kernel.Source == "host" ? KnownValues.HostKernelBackends : KnownValues.BootingBackends) +
                        (kernel.Source == "host" ? " (host and container cells test the running kernel)" : ""));
                }
            }

            if (CellPlanner.BackendsFor(config, kernel).Count == 0)
            {
                var valid = kernel.Source == "host" ? KnownValues.HostKernelBackends : KnownValues.BootingBackends;
                r.Error(kernel.At, $"kernel '{kernel.Name}' ({kernel.Source}) gets no cells: none of the backends [{KnownValues.Choices(config.Backends)}] can reach it; " +
                    $"add one of {KnownValues.Choices(valid)} to 'backends'");
            }
        }

        var kernelNames = config.Kernels.Select(k => k.Name).ToList();
        var variantNames = config.Sysctls.Select(v => v.Name).ToList();
        foreach (var (rule, what) in config.Include.Select(x => (x, "include")).Concat(config.Exclude.Select(x => (x, "exclude"))))
        {
            if (rule.Kernel is not null && !kernelNames.Contains(rule.Kernel))
                r.Error(rule.At, $"{what}: unknown kernel '{rule.Kernel}'; valid kernels: {KnownValues.Choices(kernelNames)}");
            if (rule.Variant is not null && !variantNames.Contains(rule.Variant))
                r.Error(rule.At, $"{what}: unknown variant '{rule.Variant}'; valid variants: {KnownValues.Choices(variantNames)}");
            if (rule.Userspace is not null && rule.Backend is not null && rule.Backend != "container")
                r.Error(rule.At, $"{what}: userspace applies to the container backend only, not '{rule.Backend}'");
            if (what == "include" && rule.Kernel is not null && rule.Backend is not null && kernelNames.Contains(rule.Kernel))
            {
                var kernel = config.Kernels.First(k => k.Name == rule.Kernel);
                if (!KnownValues.CanReach(rule.Backend, kernel.Source))
                    r.Error(rule.At, $"include: backend '{rule.Backend}' cannot reach kernel '{kernel.Name}' ({kernel.Source}); valid backends for it: " +
                        KnownValues.Choices(kernel.Source == "host" ? KnownValues.HostKernelBackends : KnownValues.BootingBackends));
            }
        }

        if (r.Errors.Count > 0) return;
        var plan = CellPlanner.Expand(config, r);
        if (r.Errors.Count == 0 && plan.Count == 0)
            r.Error(root, "the matrix expands to no cells (every cell was excluded); loosen 'exclude' or add kernels/backends");
    }
}
