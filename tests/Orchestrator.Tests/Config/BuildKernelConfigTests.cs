using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Tests.Kernels;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Config;

/// <summary><c>source: build</c> entries: the tree, its config fragments and its base are checked when matrix.yml loads, with file:line:col.</summary>
public sealed class BuildKernelConfigTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string Matrix(string entry) => dir.File("matrix.yml", $"kernels:\n  - name: mine\n    source: build\n{entry}backends: [vm]\n");

    private ConfigError SingleError(string entry)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(Matrix(entry)));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void A_build_kernel_names_its_tree_base_and_fragments_relative_to_matrix_yml()
    {
        var tree = new FakeKernelTree(dir);
        dir.File("frag/mptcp.config", "CONFIG_MPTCP_KUNIT_TEST=y\n");

        var kernel = Assert.Single(ConfigLoader.LoadFile(Matrix("    tree: linux\n    base: tinyconfig\n    config: [frag/mptcp.config]\n")).Kernels);

        var source = kernel.ToKernelSource();
        Assert.Equal(("build", tree.Tree, "tinyconfig"), (source.Kind, source.Tree, source.Base));
        Assert.Equal([Path.Combine(dir.Path, "frag", "mptcp.config")], source.ConfigFragments);
        Assert.Equal($"build:{tree.Tree}", source.ToString());
    }

    [Fact]
    public void A_base_that_is_not_named_is_a_config_file_relative_to_matrix_yml()
    {
        _ = new FakeKernelTree(dir);
        var saved = dir.File("saved.config", "CONFIG_64BIT=y\n");

        var kernel = Assert.Single(ConfigLoader.LoadFile(Matrix("    tree: linux\n    base: saved.config\n    config: saved.config\n")).Kernels);

        Assert.Equal(saved, kernel.Base);
        Assert.Equal([saved], kernel.Config);
    }

    public static TheoryData<string, int, int, string> Mistakes => new()
    {
        { "    base: tinyconfig\n", 2, 5, "kernel 'mine': a build kernel needs 'tree' (a kernel source tree" },
        { "    tree: nowhere\n", 4, 11, "kernel 'mine': tree 'nowhere' does not exist (resolved to " },
        { "    tree: empty\n", 4, 11, "kernel 'mine': tree 'empty' (resolved to " },
        { "    tree: linux\n    suite: bookworm\n", 5, 5, "kernel 'mine': key 'suite' does not apply to source 'build'; valid keys: name, source, tree, config, base, backends" },
        { "    tree: linux\n    base: allyesconfig\n", 5, 11, "kernel 'mine': base 'allyesconfig' is neither defconfig, tinyconfig nor an existing config file (resolved to " },
        { "    tree: linux\n    config:\n      - there.config\n", 6, 9, "kernel 'mine': config fragment 'there.config' does not exist (resolved to " },
        { "    tree: linux\n    config: []\n", 5, 13, "kernel 'mine': config must not be empty" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_build_kernel_mistake_is_a_load_error_at_its_line_and_column(string entry, int line, int column, string message)
    {
        _ = new FakeKernelTree(dir);
        dir.Sub("empty");

        var error = SingleError(entry);

        Assert.Equal(("matrix.yml", line, column), (Path.GetFileName(error.File), error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_directory_that_is_not_a_kernel_tree_is_named_with_what_it_lacks()
    {
        dir.Sub("empty");

        Assert.EndsWith("is not a kernel source tree: it has no Makefile", SingleError("    tree: empty\n").Message);
    }

    [Fact]
    public void A_tree_configured_in_place_is_refused_because_kbuild_builds_out_of_tree_only_from_a_clean_tree()
    {
        var tree = new FakeKernelTree(dir);
        File.WriteAllText(Path.Combine(tree.Tree, ".config"), "CONFIG_64BIT=y\n");

        var error = SingleError("    tree: linux\n");

        Assert.Contains("cannot be built out of tree: it was configured or built in place (.config)", error.Message);
        Assert.Contains("make mrproper", error.Message);
    }
}
