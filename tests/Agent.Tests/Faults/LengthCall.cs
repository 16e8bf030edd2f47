using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>The real call (getsockopt, getsockname, getpeername), bound to its fd and option.</summary>
internal delegate SysResult LengthCall(Span<byte> value, ref int length);
