using System.Text.Json;
using System.Text.Json.Nodes;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// An initramfs holding the static agent as /init plus what a test runs beside it in the same boot: programs (the C
/// references, the seccomp wrapper), kernel modules and iptables for a middlebox, and the agent's
/// <c>/init-extras.json</c> that lists the modules to load and the programs to run in each variant's namespace.
/// The VM backend appends the boot's plan to it as it does to the agent's own archive.
/// </summary>
public sealed class GuestImage
{
    private readonly List<(string Source, string ArchivePath, bool Executable)> _files = [];
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private readonly List<string> _modules = [];
    private readonly JsonArray _programs = [];

    /// <summary>Puts <paramref name="source"/> at <paramref name="archivePath"/> (relative to the guest's root).</summary>
    public GuestImage Add(string source, string archivePath, bool executable = true)
    {
        if (_paths.Add(archivePath)) _files.Add((source, archivePath, executable));
        return this;
    }

    /// <summary>A dynamically linked host program with its loader and libraries (resolved with ldd) in the multiarch directories.</summary>
    public GuestImage AddDynamic(string hostPath, string archivePath)
    {
        Add(hostPath, archivePath);
        foreach (var library in SharedLibraries(hostPath))
        {
            var name = Path.GetFileName(library);
            Add(library, name.StartsWith("ld-linux", StringComparison.Ordinal) ? InitramfsBuilder.LoaderPath : $"{InitramfsBuilder.LibraryDir}/{name}");
        }

        return this;
    }

    /// <summary>
    /// iptables-legacy (the kernel's x_tables, no nf_tables needed) with the extensions the middlebox rules use, as
    /// <c>/usr/sbin/xtables-legacy-multi</c>, and the modules those rules need from <paramref name="modulesDir"/>.
    /// </summary>
    public GuestImage AddMiddlebox(string modulesDir)
    {
        const string multi = "/usr/sbin/xtables-legacy-multi";
        Requires.Capability(File.Exists(multi), multi, "apt-get install iptables");
        AddDynamic(multi, "usr/sbin/xtables-legacy-multi");
        const string extensions = "/usr/lib/x86_64-linux-gnu/xtables";
        foreach (var extension in new[] { "libxt_TCPOPTSTRIP.so", "libxt_tcp.so", "libxt_standard.so" })
            Add(Path.Combine(extensions, extension), "usr/lib/x86_64-linux-gnu/xtables/" + extension);
        return AddModules(modulesDir, ["xt_TCPOPTSTRIP", "xt_tcpudp", "iptable_mangle", "ip6table_mangle"]);
    }

    /// <summary>The modules <paramref name="names"/> of <paramref name="modulesDir"/> and their dependencies, loaded by the init before the variants run.</summary>
    public GuestImage AddModules(string modulesDir, IEnumerable<string> names)
    {
        foreach (var module in ModuleClosure(modulesDir, names))
        {
            var archivePath = "modules/" + Path.GetFileName(module);
            if (_paths.Contains(archivePath)) continue;
            Add(module, archivePath, executable: false);
            _modules.Add("/" + archivePath);
        }

        return this;
    }

    /// <summary>The middlebox's two rules (IPv4 and IPv6) as programs of <paramref name="variant"/>, run before everything else there.</summary>
    public GuestImage AddMiddleboxRules(string variant)
    {
        var rules = RealFaults.MiddleboxRules;
        for (var i = 0; i < rules.Count; i++)
            AddProgram($"middlebox-{rules[i][0]}", ["/usr/sbin/xtables-legacy-multi", .. rules[i]], [variant], 20);
        return this;
    }

    /// <summary>A program the init runs in each of <paramref name="variants"/> (null: all), in the order added.</summary>
    public GuestImage AddProgram(string name, IReadOnlyList<string> argv, IReadOnlyList<string>? variants = null, int timeoutSeconds = 60)
    {
        var program = new JsonObject
        {
            ["name"] = name,
            ["argv"] = new JsonArray(argv.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["timeout_seconds"] = timeoutSeconds,
        };
        if (variants is not null) program["variants"] = new JsonArray(variants.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        _programs.Add(program);
        return this;
    }

    /// <summary>Writes the initramfs (uncompressed) into <paramref name="dir"/>; returns its path.</summary>
    public string Build(string dir)
    {
        var agent = Orchestrator.Backends.AgentArtifacts.Locate(RepoPaths.AgentDir).StaticBinary;
        Requires.Capability(agent is not null && File.Exists(agent), "the static agent (artifacts/agent/static/mptcp-agent)", "scripts/build-agent.sh");
        var extras = Path.Combine(dir, "init-extras.json");
        var json = new JsonObject { ["modules"] = new JsonArray(_modules.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()), ["programs"] = _programs.DeepClone() };
        File.WriteAllText(extras, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var files = new List<(string, string, bool)>(_files) { (extras, "init-extras.json", false) };
        var path = Path.Combine(dir, $"guest-{Guid.NewGuid():n}.cpio");
        using (var stream = File.Create(path)) InitramfsBuilder.Write(stream, agent!, null, compress: false, files);
        return path;
    }

    /// <summary>The modules and their dependencies, dependencies first (<see cref="Orchestrator.Kernels.ModuleClosure"/>).</summary>
    public static IReadOnlyList<string> ModuleClosure(string modulesDir, IEnumerable<string> names)
    {
        Requires.Capability(File.Exists(Path.Combine(modulesDir, "modules.dep")), Path.Combine(modulesDir, "modules.dep"), "depmod (apt-get install kmod), then fetch the kernel again");
        return Orchestrator.Kernels.ModuleClosure.Of(modulesDir, names);
    }

    private static IEnumerable<string> SharedLibraries(string binary)
    {
        using var ldd = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ldd", [binary]) { RedirectStandardOutput = true })!;
        var text = ldd.StandardOutput.ReadToEnd();
        ldd.WaitForExit(30_000);
        foreach (var line in text.Split('\n'))
        {
            var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            var path = (arrow >= 0 ? line[(arrow + 3)..] : line.Trim()).Split(' ')[0];
            if (path.StartsWith('/') && File.Exists(path)) yield return Path.GetFullPath(path);
        }
    }
}
