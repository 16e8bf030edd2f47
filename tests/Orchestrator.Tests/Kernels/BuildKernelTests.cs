using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Kernels;

/// <summary>
/// <c>source: build</c> with a fake make over a fake tree: what a cell needs goes on top of the base, the user's fragments
/// on top of that; the image is built out of tree into the cache and reused while the tree and the config are unchanged;
/// failures name the tree and the log; a stopped build leaves nothing that is reused.
/// </summary>
public sealed class BuildKernelTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private KernelCache Cache => new(Path.Combine(dir.Path, "cache"));

    private static KernelSource Build(FakeKernelTree tree, string? @base = "tinyconfig", params string[] fragments) =>
        new("build", Tree: tree.Tree, Base: @base, ConfigFragments: fragments);

    private Task<KernelImage> ResolveAsync(FakeKernelTree tree, KernelSource source, TimeSpan? timeout = null) =>
        new BuildKernelProvider(Cache, tree.Make, timeout).ResolveAsync(source, KernelFetchOptions.Default, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_tree_gets_what_a_cell_needs_on_top_of_its_base_then_the_fragments_and_is_built_out_of_tree_into_the_cache()
    {
        var tree = new FakeKernelTree(dir);
        var fragment = dir.File("local.config", "CONFIG_LOCALVERSION=\"-mine\"\n");

        var image = await ResolveAsync(tree, Build(tree, "tinyconfig", fragment));

        Assert.Equal(["tinyconfig", "olddefconfig", "bzImage"], tree.Targets());
        var obj = Path.Combine(new BuildKernelProvider(Cache).BuildDir(tree.Tree), "obj");
        Assert.All(File.ReadAllLines(tree.Calls), call => Assert.StartsWith($"-C {tree.Tree} O={obj} ", call));
        Assert.EndsWith($"-j{Environment.ProcessorCount} bzImage", File.ReadAllLines(tree.Calls)[^1]);
        Assert.Equal(FakeKernelTree.Release, image.Release);
        Assert.StartsWith(Cache.KernelsDir, image.Vmlinuz);
        var config = File.ReadAllLines(image.Config!);
        Assert.Contains("CONFIG_BASE_tinyconfig=y", config);
        Assert.Contains("CONFIG_MPTCP=y", config);
        Assert.Contains("CONFIG_SERIAL_8250_CONSOLE=y", config);
        Assert.Contains("CONFIG_LOCALVERSION=\"-mine\"", config);
        Assert.True(image.Mptcp.Testable, image.Mptcp.Reason);
        Assert.Null(Assert.Single(await Cache.ListAsync(TestContext.Current.CancellationToken)).Problem);
    }

    [Fact]
    public async Task An_unchanged_tree_and_config_reuse_the_cached_image_without_running_make_again()
    {
        var tree = new FakeKernelTree(dir);
        var first = await ResolveAsync(tree, Build(tree));

        var second = await ResolveAsync(tree, Build(tree));

        Assert.Equal(first.Vmlinuz, second.Vmlinuz);
        Assert.Equal(3, tree.Targets().Count);
    }

    [Fact]
    public async Task A_changed_file_base_or_fragment_of_a_tree_outside_git_gives_another_key()
    {
        var tree = new FakeKernelTree(dir);
        var fragment = dir.File("f.config", "CONFIG_A=y\n");
        var ct = TestContext.Current.CancellationToken;
        async Task<string> Key(KernelSource source) => await BuildKernelProvider.KeyAsync("t", tree.Tree, source, ct);
        var key = await Key(Build(tree, "tinyconfig", fragment));

        Assert.Equal(key, await Key(Build(tree, "tinyconfig", fragment)));
        Assert.NotEqual(key, await Key(Build(tree, "defconfig", fragment)));
        File.WriteAllText(fragment, "CONFIG_A=n\n");
        var changedFragment = await Key(Build(tree, "tinyconfig", fragment));
        Assert.NotEqual(key, changedFragment);
        File.SetLastWriteTimeUtc(Path.Combine(tree.Tree, "Kconfig"), DateTime.UtcNow.AddMinutes(-3));
        Assert.NotEqual(changedFragment, await Key(Build(tree, "tinyconfig", fragment)));
    }

    [Fact]
    public async Task A_git_tree_is_keyed_by_its_commit_and_its_uncommitted_diff()
    {
        Requires.Executable("git", "apt-get install git");
        var tree = new FakeKernelTree(dir);
        var ct = TestContext.Current.CancellationToken;
        async Task Git(params string[] arguments) =>
            await Tools.RunAsync("t", "git", ["-C", tree.Tree, "-c", "user.name=t", "-c", "user.email=t@invalid", .. arguments], ct);
        async Task<string> Key() => await BuildKernelProvider.KeyAsync("t", tree.Tree, Build(tree), ct);
        await Git("init", "-q");
        await Git("add", "-A");
        await Git("commit", "-qm", "one");
        var committed = await Key();

        File.AppendAllText(Path.Combine(tree.Tree, "Kconfig"), "# local change\n");
        var dirty = await Key();
        await Git("commit", "-qam", "two");
        var recommitted = await Key();

        Assert.Equal(3, new[] { committed, dirty, recommitted }.Distinct().Count());
        Assert.Equal(recommitted, await Key());
    }

    [Fact]
    public async Task A_fragment_that_turns_off_what_a_cell_needs_stops_before_the_build_naming_the_option()
    {
        var tree = new FakeKernelTree(dir);
        var fragment = dir.File("no-mptcp.config", "# CONFIG_MPTCP is not set\n");

        var e = await Assert.ThrowsAsync<KernelException>(() => ResolveAsync(tree, Build(tree, "defconfig", fragment)));

        Assert.Contains($"the config of {tree.Tree} (base defconfig) cannot enable what a cell needs: CONFIG_MPTCP (MPTCP)", e.Message);
        Assert.DoesNotContain("bzImage", tree.Targets());
    }

    [Fact]
    public async Task A_failing_build_names_the_tree_the_log_and_its_last_lines_and_caches_nothing()
    {
        var tree = new FakeKernelTree(dir, bzImage: "echo 'net/mptcp/protocol.c:42: error: boom' >&2; exit 2");

        var e = await Assert.ThrowsAsync<KernelException>(() => ResolveAsync(tree, Build(tree)));

        var log = Path.Combine(new BuildKernelProvider(Cache).BuildDir(tree.Tree), "build.log");
        Assert.Contains($"make bzImage in {tree.Tree} exited with 2; the build log is {log}", e.Message);
        Assert.Contains("net/mptcp/protocol.c:42: error: boom", e.Message);
        Assert.Contains("net/mptcp/protocol.c:42: error: boom", File.ReadAllText(log));
        Assert.Empty(await Cache.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_build_stopped_by_its_timeout_leaves_no_image_that_is_reused_and_the_next_run_builds_it()
    {
        var tree = new FakeKernelTree(dir, bzImage: "mkdir -p \"$obj/arch/x86/boot\"; head -c 512 /dev/zero > \"$obj/arch/x86/boot/bzImage\"; exec sleep 60");

        var e = await Assert.ThrowsAsync<KernelException>(() => ResolveAsync(tree, Build(tree), TimeSpan.FromSeconds(1)));

        Assert.Contains($"make bzImage in {tree.Tree} did not finish within 1 s and was stopped", e.Message);
        Assert.Empty(await Cache.ListAsync(TestContext.Current.CancellationToken));
        tree.WriteMake();
        var image = await ResolveAsync(tree, Build(tree));
        Assert.Equal(FakeKernelTree.Release, image.Release);
    }
}
