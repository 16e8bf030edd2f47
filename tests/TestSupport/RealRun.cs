namespace MptcpMatrix.TestSupport;

/// <summary>
/// The results of a real run of the default matrix.yml (<c>./matrix run</c> on this machine, 2026-12-02 10:27 UTC, all four
/// suites: host, container and VM cells of bullseye, bookworm, bookworm-backports, trixie, sid and the host kernel; bullseye's
/// kernel has no MPTCP, so its cells are untestable), with the logs of two cells. Checked in under tests/TestSupport/Fixtures/default-run.
/// </summary>
public static class RealRun
{
    public static string Dir => Path.Combine(RepoPaths.Root, "tests", "TestSupport", "Fixtures", "default-run");

    /// <summary>Copies the run into <paramref name="target"/> (reports are written next to the cells) and returns it.</summary>
    public static string CopyTo(string target)
    {
        foreach (var file in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }

        return target;
    }
}
