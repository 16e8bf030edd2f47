namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// A write-only view of a stream that ignores <see cref="Flush"/> until it is disposed. The source-generated JSON writer
/// flushes its target after every value of a type with its own converter (each check's outcome): on a file that is a write
/// system call per check, 185,000 for report.json of 500 cells. The file's own buffer now collects them.
/// </summary>
internal sealed class DeferredFlushStream(Stream inner) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Flush();
        base.Dispose(disposing);
    }
}
