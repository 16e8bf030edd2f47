namespace MptcpMatrix.Agent.Host;

/// <summary>Where <see cref="ChunkedWriter"/> sends each full chunk (stdout, a file).</summary>
internal delegate void ChunkSink(ReadOnlySpan<byte> chunk);
