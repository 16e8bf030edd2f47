using System.Buffers;

namespace MptcpMatrix.Agent.Host;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> with one fixed buffer that hands each full chunk to a sink. The report
/// (~50 KB per family) is streamed out instead of growing pooled buffers to 64 KB and copying them into a final
/// array: in a process that lives 3 ms, touching fresh memory (page faults, the GC clearing it) is what costs.
/// </summary>
internal sealed class ChunkedWriter(ChunkSink sink, int chunkSize = 16 * 1024) : IBufferWriter<byte>
{
    // Uninitialized: every byte is written before it is sent, and clearing 16 KB of fresh memory is a cost here.
    private byte[] _buffer = GC.AllocateUninitializedArray<byte>(chunkSize);
    private int _used;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_used + count > _buffer.Length) throw new InvalidOperationException("advanced past the end of the buffer");
        _used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_used);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Sends what is buffered to the sink.</summary>
    public void Flush()
    {
        if (_used == 0) return;
        sink(_buffer.AsSpan(0, _used));
        _used = 0;
    }

    private void Reserve(int sizeHint)
    {
        var need = Math.Max(sizeHint, 1);
        if (_buffer.Length - _used >= need) return;
        Flush();
        if (_buffer.Length < need) _buffer = GC.AllocateUninitializedArray<byte>(need);
    }
}
