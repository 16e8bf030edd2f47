using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>
/// Builds the run's <c>source: build</c> kernels before any cell starts: a build of a local tree can take far longer
/// than a cell's timeout (tinyconfig 3-30 min on 2 cores, a defconfig longer), and inside a batch its time would count
/// against the cell. Bounded only by the build's own timeout and Ctrl-C. A failure is printed and left to the cells,
/// which resolve the kernel again and report it as theirs; a kernel already built is found in the cache in a second.
/// </summary>
internal static class KernelPrebuild
{
    public static Task RunAsync(IReadOnlyList<CellSpec> cells, string cacheDir, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(cells, new KernelResolver(new KernelCache(cacheDir), new KernelFetchOptions()).ResolveAsync, output, cancellationToken);

    /// <summary>The same with the resolver given (tests: a fake make).</summary>
    public static async Task RunAsync(IReadOnlyList<CellSpec> cells, Func<KernelSource, CancellationToken, Task<KernelImage>> resolve, TextWriter output,
        CancellationToken cancellationToken)
    {
        var builds = cells.Where(c => c.KernelSource.Kind == "build").GroupBy(c => c.KernelSource).Select(g => (g.First().Kernel, g.Key)).ToList();
        foreach (var (name, source) in builds)
        {
            var started = DateTime.UtcNow;
            output.WriteLine($"matrix: kernel {name}: configuring and building {source.Tree} before the cells start (reused when unchanged)");
            try
            {
                var image = await resolve(source, cancellationToken).ConfigureAwait(false);
                output.WriteLine(FormattableString.Invariant($"matrix: kernel {name}: release {image.Release} ready in {(DateTime.UtcNow - started).TotalSeconds:0.0} s"));
            }
            catch (Exception e) when (e is KernelException or KernelIntegrityException or IOException)
            {
                output.WriteLine($"matrix: kernel {name}: {e.Message} (its cells will say so)");
            }
        }
    }
}
