using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Replaces an int ioctl; may make the real one (<paramref name="real"/>) and report another value.</summary>
internal delegate SysResult IoctlFault(SocketCall call, IoctlCall real, out int value);
