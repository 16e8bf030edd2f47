using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Running;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_write_replaces_the_whole_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(dir.Path, "sub", "cell.json");
        AtomicFile.WriteAllText(path, new string('x', 100_000));
        AtomicFile.WriteAllText(path, "short");
        Assert.Equal("short", File.ReadAllText(path));
        Assert.Equal(["cell.json"], Directory.EnumerateFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_writer_that_fails_halfway_leaves_the_previous_content_and_no_temporary_file()
    {
        var path = Path.Combine(dir.Path, "report.json");
        AtomicFile.WriteAllText(path, "complete");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("torn"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("complete", File.ReadAllText(path));
        Assert.Single(Directory.EnumerateFiles(dir.Path));
    }
}
