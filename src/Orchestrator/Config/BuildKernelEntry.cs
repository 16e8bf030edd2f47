using MptcpMatrix.Orchestrator.Kernels;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>
/// The checks of a <c>source: build</c> kernel entry: <c>tree</c> is an existing kernel source tree, each <c>config</c>
/// fragment an existing file, both resolved against matrix.yml's directory.
/// </summary>
internal static class BuildKernelEntry
{
    public static KernelConfig Read(YamlReader r, YamlNode item, IReadOnlyDictionary<string, (YamlScalarNode Key, YamlNode Value)> keys,
        KernelConfig kernel, string baseDir)
    {
        var what = $"kernel '{kernel.Name}'";
        if (!keys.TryGetValue("tree", out var treeNode))
        {
            r.Error(item, $"{what}: a build kernel needs 'tree' (a kernel source tree: a git checkout or an unpacked linux-source tarball)");
            return kernel;
        }

        if (kernel.Tree is { } tree)
        {
            var full = Path.GetFullPath(tree, baseDir);
            if (!Directory.Exists(full)) r.Error(treeNode.Value, $"{what}: tree '{tree}' does not exist (resolved to {full})");
            else if (KernelTree.Problem(full) is { } problem) r.Error(treeNode.Value, $"{what}: tree '{tree}' (resolved to {full}) is not a kernel source tree: {problem}");
            else if (KernelTree.Unclean(full) is { } unclean) r.Error(treeNode.Value, $"{what}: tree '{tree}' (resolved to {full}) cannot be built out of tree: {unclean}");
            else kernel = kernel with { Tree = full };
        }

        if (kernel.Base is { } baseConfig && !KnownValues.BuildBases.Contains(baseConfig))
        {
            var full = Path.GetFullPath(baseConfig, baseDir);
            if (!File.Exists(full))
                r.Error(keys["base"].Value, $"{what}: base '{baseConfig}' is neither {KnownValues.Choices(KnownValues.BuildBases)} nor an existing config file (resolved to {full})");
            else kernel = kernel with { Base = full };
        }

        if (keys.TryGetValue("config", out var configNode)) kernel = kernel with { Config = Fragments(r, configNode.Value, what, baseDir) };
        return kernel;
    }

    /// <summary>One fragment path or a list of them; each must be a file.</summary>
    private static List<string> Fragments(YamlReader r, YamlNode node, string what, string baseDir)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        if (node is YamlSequenceNode { Children.Count: 0 }) r.Error(node, $"{what}: config must not be empty (leave it out for none)");
        var fragments = new List<string>();
        foreach (var item in items)
        {
            if (r.String(item, $"{what}: config") is not { } fragment) continue;
            var full = Path.GetFullPath(fragment, baseDir);
            if (!File.Exists(full)) r.Error(item, $"{what}: config fragment '{fragment}' does not exist (resolved to {full}); expected a file of CONFIG_X=y / # CONFIG_X is not set lines");
            else fragments.Add(full);
        }

        return fragments;
    }
}
