using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// Which matrix file <c>matrix run --resume</c> continues with: the run's own copy (<c>OUT/config.yml</c>, checked against
/// run.json's <c>config_sha256</c>), never whatever ./matrix.yml holds now. A <c>-c FILE</c> with other content is refused.
/// </summary>
internal static class ResumeConfig
{
    /// <summary>The snapshot to resume with, or null after printing why there is none (the caller exits 2).</summary>
    /// <param name="explicitConfig">The <c>-c</c> the user gave, or null when it was left out.</param>
    public static ConfigSnapshot? Resolve(string outDir, RunManifest manifest, string? explicitConfig, TextWriter error)
    {
        var copy = ResultStore.ConfigCopyPath(outDir);
        if (manifest.ConfigSha256 is not { } recorded)
        {
            // A run from before copies were kept: its recorded file (or the one named) is all there is to go on.
            var path = explicitConfig ?? manifest.ConfigFile;
            if (!File.Exists(path))
            {
                error.WriteLine($"error: --resume: {outDir} keeps no copy of its matrix file and {path} is gone; pass the file it was run with as -c FILE");
                return null;
            }

            return ConfigSnapshot.Read(path);
        }

        if (!File.Exists(copy))
        {
            error.WriteLine($"error: --resume: {copy} is missing (run.json records config_sha256 {recorded}); the run cannot be resumed as it was planned");
            return null;
        }

        // Loaded as the original file (relative paths resolve against it), with the copy's bytes.
        var snapshot = ConfigSnapshot.Of(manifest.ConfigFile, File.ReadAllBytes(copy));
        if (snapshot.Sha256 != recorded)
        {
            error.WriteLine($"error: --resume: {copy} has sha256 {snapshot.Sha256}, but run.json records {recorded} (changed or damaged); the run cannot be resumed as it was planned");
            return null;
        }

        if (explicitConfig is not null)
        {
            var named = ConfigSnapshot.Read(explicitConfig);
            if (named.Sha256 != recorded)
            {
                error.WriteLine($"error: --resume: {outDir} was run with {manifest.ConfigFile} (sha256 {recorded}), but -c {explicitConfig} has other content " +
                    $"(sha256 {named.Sha256}); leave out -c to resume with the run's own copy ({copy}), or start a new run with another --out");
                return null;
            }
        }

        return snapshot;
    }
}
