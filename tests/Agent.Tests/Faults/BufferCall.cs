using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>The real read, write or setsockopt, bound to its fd (and option).</summary>
internal delegate SysResult BufferCall(Span<byte> buffer);
