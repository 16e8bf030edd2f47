using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Config;

public sealed class ConfigLoaderTests
{
    private const string Minimal = """
        kernels:
          - name: host
            source: host
        backends: [host]
        """;

    private static IReadOnlyList<ConfigError> Errors(string yaml)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(yaml, "/tmp/m.yml", "m.yml"));
        Assert.NotEmpty(e.Errors);
        return e.Errors;
    }

    private static ConfigError Single(string yaml)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Count == 1, "expected one error, got: " + string.Join(" / ", errors));
        return errors[0];
    }

    [Fact]
    public void The_repository_matrix_loads_with_five_debian_kernels_and_the_host()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml"));
        Assert.Equal(["host", "bullseye", "bookworm", "bookworm-backports", "trixie", "sid"], config.Kernels.Select(k => k.Name));
        Assert.Equal(["bullseye", "bookworm", "bookworm-backports", "trixie", "sid"], config.Kernels.Where(k => k.Source == "debian").Select(k => k.Suite!));
        Assert.Equal(["host", "container"], config.Kernels[0].Backends!);
        Assert.Equal(["ipv4", "ipv6"], config.Families);
        var disabled = Assert.Single(config.Sysctls, v => v.Values.Count > 0);
        Assert.Equal("0", disabled.Values["net.mptcp.enabled"]);
    }

    [Fact]
    public void The_repository_matrix_references_the_schema_on_its_first_line()
    {
        var first = File.ReadLines(Path.Combine(RepoPaths.Root, "matrix.yml")).First();
        Assert.Equal("# yaml-language-server: $schema=./matrix.schema.json", first);
    }

    [Fact]
    public void Defaults_apply_when_keys_are_left_out()
    {
        var config = ConfigLoader.Load(Minimal, "/tmp/m.yml");
        Assert.Equal(180, config.Timeout);
        Assert.Equal(1, config.Retries);
        Assert.Equal(1, config.Repeat);
        Assert.Equal(["ipv4", "ipv6"], config.Families);
        Assert.Equal("default", Assert.Single(config.Sysctls).Name);
        Assert.True(config.Vm.Batch);
        Assert.Equal("auto", config.Vm.Accel);
    }

    [Fact]
    public void Every_documented_key_is_read()
    {
        var config = ConfigLoader.Load("""
            kernels:
              - {name: bw, source: debian, package: linux-image-6.1.0-47-cloud-amd64=6.1.158-1}
              - {name: dl, source: url, url: "https://example.invalid/bzImage", sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF}
            families: [ipv6]
            backends: [vm, virtme]
            sysctls:
              - name: tuned
                values: { net.mptcp.enabled: 1, net.mptcp.add_addr_timeout: "60" }
            repeat: 3
            timeout: 60
            retries: 0
            parallel: 4
            debian: { mirror: "http://mirror.invalid/debian" }
            vm: { accel: tcg, memory: 1024, cpus: 2, batch: false }
            cache: /var/cache/mm
            """, "/tmp/m.yml");
        Assert.Equal("linux-image-6.1.0-47-cloud-amd64=6.1.158-1", config.Kernels[0].Package);
        Assert.Equal("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", config.Kernels[1].ToKernelSource().Sha256);
        Assert.Equal("60", config.Sysctls[0].Values["net.mptcp.add_addr_timeout"]);
        Assert.Equal((3, 60, 0, 4), (config.Repeat, config.Timeout, config.Retries, config.Parallel));
        Assert.Equal("http://mirror.invalid/debian", config.Debian.Mirror);
        Assert.Equal(new VmSettings { Accel = "tcg", Memory = 1024, Cpus = 2, Batch = false }, config.Vm);
        Assert.Equal("/var/cache/mm", config.ResolveCacheDir());
    }

    [Fact]
    public void An_unknown_top_level_key_names_its_position_and_the_valid_keys()
    {
        var e = Single(Minimal + "\nfamilys: [ipv4]\n");
        Assert.Equal(("m.yml", 5, 1), (e.File, e.Line, e.Column));
        Assert.Contains("unknown key 'familys'", e.Message);
        Assert.Contains("families", e.Message);
        Assert.StartsWith("m.yml:5:1: ", e.ToString());
    }

    [Fact]
    public void An_unknown_kernel_key_names_the_valid_kernel_keys()
    {
        var e = Single("""
            kernels:
              - name: bw
                source: debian
                suite: bookworm
                flavor: cloud
            backends: [vm]
            """);
        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Contains("unknown key 'flavor'", e.Message);
        Assert.Contains("flavour", e.Message);
    }

    [Fact]
    public void A_wrong_type_is_reported_with_what_was_expected()
    {
        var errors = Errors(Minimal + "\nfamilies: ipv4\ntimeout: soon\nvm: { batch: maybe }\n");
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Line == 5 && e.Message.Contains("families must be a list of ipv4, ipv6"));
        Assert.Contains(errors, e => e.Line == 6 && e.Message.Contains("timeout must be an integer between 5 and 7200, got 'soon'"));
        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("vm: batch must be true or false"));
    }

    [Fact]
    public void Out_of_range_numbers_name_the_range()
    {
        var e = Single(Minimal + "\nparallel: 0\n");
        Assert.Contains("parallel must be between 1 and 64, got 0", e.Message);
    }

    [Fact]
    public void Duplicate_kernel_and_variant_names_are_both_reported()
    {
        var errors = Errors("""
            kernels:
              - {name: bw, source: debian, suite: bookworm}
              - {name: bw, source: debian, suite: trixie}
            backends: [vm]
            sysctls:
              - name: default
              - name: default
            """);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Line == 3 && e.Message.Contains("duplicate kernel name 'bw' (first defined at line 2)"));
        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("duplicate sysctl variant name 'default'"));
    }

    [Fact]
    public void A_duplicate_yaml_key_is_an_error()
    {
        var errors = Errors(Minimal + "\ntimeout: 10\ntimeout: 20\n");
        Assert.Contains(errors, e => e.Message.Contains("timeout", StringComparison.Ordinal) && e.Message.Contains("uplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_suite_lists_the_valid_suites()
    {
        var e = Single("""
            kernels:
              - {name: old, source: debian, suite: buster}
            backends: [vm]
            """);
        Assert.Equal((2, 40), (e.Line, e.Column));
        Assert.Contains("'buster' is not valid; valid values: bullseye, bullseye-backports, bookworm", e.Message);
    }

    [Fact]
    public void An_unknown_backend_lists_the_valid_backends()
    {
        var e = Single(Minimal.Replace("backends: [host]", "backends: [host, lxc]", StringComparison.Ordinal));
        Assert.Equal((4, 18), (e.Line, e.Column));
        Assert.Contains("'lxc' is not valid; valid values: host, container, vm, virtme", e.Message);
    }

    [Fact]
    public void A_backend_that_cannot_reach_its_kernel_is_an_error_at_load_time()
    {
        var e = Single("""
            kernels:
              - {name: host, source: host, backends: [host, vm]}
            backends: [host, vm]
            """);
        Assert.Equal(2, e.Line);
        Assert.Contains("backend 'vm' cannot reach a host kernel; valid backends for it: host, container", e.Message);
    }

    [Fact]
    public void A_kernel_that_no_backend_of_the_axis_reaches_is_an_error()
    {
        var e = Single("""
            kernels:
              - {name: bw, source: debian, suite: bookworm}
            backends: [host]
            """);
        Assert.Contains("kernel 'bw' (debian) gets no cells", e.Message);
        Assert.Contains("vm, virtme", e.Message);
    }

    [Fact]
    public void An_include_pairing_a_kernel_with_an_unreachable_backend_is_an_error()
    {
        var e = Single(Minimal + "\ninclude:\n  - {kernel: host, backend: virtme}\n");
        Assert.Equal(6, e.Line);
        Assert.Contains("include: backend 'virtme' cannot reach kernel 'host'", e.Message);
    }

    [Fact]
    public void Include_and_exclude_entries_must_name_known_kernels_and_variants()
    {
        var errors = Errors(Minimal + "\nexclude:\n  - {kernel: hots}\n  - {variant: fast}\n");
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Line == 6 && e.Message.Contains("unknown kernel 'hots'; valid kernels: host"));
        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("unknown variant 'fast'; valid variants: default"));
    }

    [Fact]
    public void An_expansion_to_no_cells_is_an_error()
    {
        var e = Single(Minimal + "\nexclude:\n  - {backend: host}\n");
        Assert.Contains("expands to no cells", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_yaml_is_an_error_with_its_position()
    {
        var e = Single("kernels: [ {name: host, source: host\nbackends: [host]\n");
        Assert.Contains("not valid YAML", e.Message);
        Assert.True(e.Line >= 1);
    }

    [Fact]
    public void A_yaml_file_that_is_not_a_mapping_is_an_error()
    {
        var e = Single("- just\n- a list\n");
        Assert.Contains("must be one YAML mapping", e.Message);
        Assert.Equal((1, 1), (e.Line, e.Column));
    }

    [Fact]
    public void A_missing_kernels_key_is_an_error()
    {
        var e = Single("families: [ipv4]\n");
        Assert.Contains("missing key 'kernels'", e.Message);
    }

    [Fact]
    public void Source_specific_keys_are_checked()
    {
        var errors = Errors("""
            kernels:
              - {name: a, source: debian}
              - {name: b, source: debian, suite: bookworm, package: linux-image-6.1.0-47-cloud-amd64}
              - {name: c, source: url, url: "https://example.invalid/k"}
              - {name: d, source: path, path: /nonexistent/vmlinuz}
              - {name: e, source: host, suite: bookworm}
              - {name: f, source: url, url: "https://example.invalid/k", sha256: abc}
              - {name: g, source: debian, package: vmlinuz}
            backends: [host, vm]
            """);
        Assert.Contains(errors, e => e.Line == 2 && e.Message.Contains("exactly one of 'suite'"));
        Assert.Contains(errors, e => e.Line == 3 && e.Message.Contains("exactly one of 'suite'"));
        Assert.Contains(errors, e => e.Line == 4 && e.Message.Contains("needs both 'url' and 'sha256'"));
        Assert.Contains(errors, e => e.Line == 5 && e.Message.Contains("path '/nonexistent/vmlinuz' does not exist"));
        Assert.Contains(errors, e => e.Line == 6 && e.Message.Contains("key 'suite' does not apply to source 'host'"));
        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("expected 64 hex digits"));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("linux-image-"));
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void A_path_kernel_resolves_relative_to_the_matrix_file()
    {
        using var dir = new Support.TempDir();
        Support.FakeBzImage.Write(Path.Combine(dir.Path, "kernels", "bzImage"));
        var file = dir.File("matrix.yml", "kernels:\n  - {name: mine, source: path, path: kernels/bzImage}\nbackends: [vm]\n");
        var config = ConfigLoader.LoadFile(file);
        Assert.Equal(Path.Combine(dir.Path, "kernels", "bzImage"), config.Kernels[0].Path);
    }

    [Fact]
    public void Only_net_sysctls_are_accepted_because_only_they_are_per_namespace()
    {
        var e = Single(Minimal + "\nsysctls:\n  - name: bad\n    values: { kernel.panic: 1 }\n");
        Assert.Equal((7, 15), (e.Line, e.Column));
        Assert.Contains("only net.* sysctls are per network namespace", e.Message);
    }

    [Fact]
    public void Userspace_on_a_non_container_include_is_an_error()
    {
        var e = Single(Minimal + "\ninclude:\n  - {kernel: host, backend: host, userspace: alpine}\n");
        Assert.Contains("userspace applies to the container backend only", e.Message);
    }

    [Fact]
    public void Several_problems_are_reported_together_one_line_each()
    {
        var errors = Errors("""
            kernels:
              - {name: x, source: floppy}
            families: [ipv5]
            backends: [host]
            retries: -1
            colour: blue
            """);
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Matches(@"^m\.yml:\d+:\d+: ", e.ToString()));
        Assert.Contains(errors, e => e.Message.Contains("valid values: host, debian, path, url"));
        Assert.Contains(errors, e => e.Message.Contains("valid values: ipv4, ipv6"));
    }

    [Fact]
    public void The_plan_command_exits_2_with_one_line_per_problem_and_starts_nothing()
    {
        using var dir = new Support.TempDir();
        var file = dir.File("matrix.yml", "kernels:\n  - {name: x, source: floppy}\nfamilies: [ipv5]\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, PlanCommand.Run(new PlanOptions(file), stdout, stderr));
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"error: {file}:2:", lines[0]);
        Assert.Contains("nothing was started", lines[2]);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Errors_name_the_file_really_loaded_not_matrix_yml()
    {
        using var dir = new Support.TempDir();
        var inc = dir.File("inc.yml", "kernels:\n  - {name: host, source: host}\nkernels2: []\n");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(inc));
        var error = Assert.Single(e.Errors);
        Assert.Equal($"{inc}:3:1: unknown key 'kernels2' in inc.yml; valid keys: ", error.ToString()[..(error.ToString().IndexOf("; valid keys: ", StringComparison.Ordinal) + 14)]);
        Assert.DoesNotContain("matrix.yml", error.ToString());

        var list = dir.File("e.yml", "- just a list\n");
        var notMapping = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(list)).Errors);
        Assert.StartsWith($"{list}:1:1: e.yml must be one YAML mapping with keys ", notMapping.ToString());
    }

    [Fact]
    public void Container_base_is_local_unless_matrix_yml_opts_into_registry_pulls()
    {
        Assert.Equal("local", ConfigLoader.Load(Minimal, "/tmp/m.yml").Container.Base);
        Assert.Equal("registry", ConfigLoader.Load(Minimal + "\ncontainer: {base: registry}\n", "/tmp/m.yml").Container.Base);
        var error = Single(Minimal + "\ncontainer: {base: dockerhub}\n");
        Assert.Contains("container: base", error.Message);
        Assert.Contains("local, registry", error.Message);
        Assert.Contains("unknown key 'bsae' in container", Single(Minimal + "\ncontainer: {bsae: local}\n").Message);
    }

    [Fact]
    public void The_container_backend_takes_matrix_yml_base_and_the_environment_variable_overrides_it()
    {
        if (Environment.GetEnvironmentVariable(ContainerOptions.BaseSourceVariable) is { Length: > 0 })
            Assert.Skip($"{ContainerOptions.BaseSourceVariable} is set in this environment");
        Assert.Equal(ContainerBaseSource.Registry, ContainerOptions.FromEnvironment(configuredBase: "registry").BaseSource);
        Assert.Equal(ContainerBaseSource.Local, ContainerOptions.FromEnvironment(configuredBase: "local").BaseSource);
        Assert.Equal(ContainerBaseSource.Local, ContainerOptions.FromEnvironment().BaseSource);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile("/nonexistent/matrix.yml"));
        Assert.Contains("file not found", e.Message);
    }
}
