using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Replaces a read, write or setsockopt; may call <paramref name="real"/> and then lie about it.</summary>
internal delegate SysResult BufferFault(SocketCall call, Span<byte> buffer, BufferCall real);
