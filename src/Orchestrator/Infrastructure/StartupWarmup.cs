using System.Runtime;
using System.Security.Cryptography;
using MptcpMatrix.Orchestrator.Kernels;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>
/// Start-up work moved off the critical path: the verbs that read matrix.yml first pay for YamlDotNet's parser (its
/// methods' JIT and the compiled regex its tag directives build) and for OpenSSL's initialisation (the config's
/// SHA-256 is the process's first hash), and run and doctor for the first build of Polly's pipelines. All are done once
/// on a pool thread while the main thread is still parsing the command line, building the commands and locating the
/// agent; on a second core they are then ready when needed.
/// Nothing here has an effect but warmed-up code: a failure is ignored, and the main thread does the real work itself.
/// </summary>
internal static class StartupWarmup
{
    /// <summary>Starts the warm-up for a verb that loads the matrix file (run, plan, doctor); other verbs get none.</summary>
    public static void Begin(string verb)
    {
        if (verb is not ("run" or "plan" or "doctor") || Environment.ProcessorCount < 2) return;
        StartJitProfile(verb);
        ThreadPool.UnsafeQueueUserWorkItem(static verb =>
        {
            try
            {
                new YamlStream().Load(new StringReader("warm: [up, 1]\n"));
                SHA256.HashData(ReadOnlySpan<byte>.Empty);
                if (verb is "run" or "doctor") WarmPipelines(verb == "run");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Warm-up only: the real load reports any problem itself.
            }
        }, verb, preferLocal: false);
    }

    /// <summary>
    /// Polly's pipelines of the same shape as a run's (a backend probe, a batch attempt), built and run once on nothing:
    /// the first build of each loads Polly's generic types and JITs their code, ~20 ms each before QEMU could start
    /// (<c>MPTCPMATRIX_TRACE=1</c>: "probe pipeline built").
    /// </summary>
    private static void WarmPipelines(bool batches)
    {
        Pipelines.Probe("warm-up", TimeSpan.FromSeconds(10))
            .ExecuteAsync(static _ => ValueTask.FromResult(new Backends.BackendProbe(true, "warm-up", null)), CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();
        if (!batches) return;
        Pipelines.CellAttempt("warm-up", 1, TimeSpan.FromSeconds(10), static (_, _) => { })
            .ExecuteAsync(static _ => ValueTask.FromResult<IReadOnlyList<Cells.CellResult>>([]), CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// .NET's multi-core JIT: each run records which methods it had to JIT (ReadyToRun cannot hold generic
    /// instantiations over other assemblies' types, ~700 of them before QEMU starts), and the next run of the verb
    /// compiles them on a background thread before the main thread asks. The profile is kept per verb in the user's
    /// cache (<c>jit/VERB.profile</c>); a profile of another build is ignored by the runtime, a missing one just records.
    /// </summary>
    private static void StartJitProfile(string verb)
    {
        try
        {
            var dir = Path.Combine(KernelCache.DefaultRoot(), "jit");
            // No home directory (and no XDG_CACHE_HOME): no profile, rather than a .cache folder in the working directory.
            if (!Path.IsPathRooted(dir)) return;
            Directory.CreateDirectory(dir);
            ProfileOptimization.SetProfileRoot(dir);
            ProfileOptimization.StartProfile(verb + ".profile");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No writable cache: the run JITs on its own thread, as without a profile.
        }
    }
}
