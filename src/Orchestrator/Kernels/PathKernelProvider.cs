using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary><c>source: path</c>: a kernel image on disk, used in place (not copied); its config is looked up next to it.</summary>
internal sealed class PathKernelProvider : IKernelProvider
{
    public string Kind => "path";

    public async Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        if (string.IsNullOrEmpty(source.Path)) throw new KernelException(name, "source: path needs path: <kernel image>");
        var path = Path.GetFullPath(source.Path);
        if (!File.Exists(path)) throw new KernelException(name, $"{path} does not exist", permanent: true);
        var release = BzImage.ReadRelease(path) ?? throw new KernelException(name, $"{path} is not a bootable x86 kernel image: it is {BzImage.Problem(path)}", permanent: true);
        var sha = await Hashing.Sha256FileAsync(path, cancellationToken);
        string? modules = source.ModulesDir is null ? null : Path.GetFullPath(source.ModulesDir);
        if (modules is not null && !Directory.Exists(modules)) throw new KernelException(name, $"modules directory {modules} does not exist");
        var dir = Path.GetDirectoryName(path)!;
        string?[] candidates =
        [
            Path.Combine(dir, "config-" + release),
            Path.Combine(dir, ".config"),
            modules is null ? null : Path.Combine(modules, "config"),
            modules is null ? null : Path.Combine(modules, "build", ".config"),
        ];
        var config = candidates.FirstOrDefault(c => c is not null && File.Exists(c));
        return new KernelImage(path, release, name, sha, config, modules, null, null, null);
    }
}
