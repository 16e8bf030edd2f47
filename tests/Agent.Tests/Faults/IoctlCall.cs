using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>The real int ioctl, for an <see cref="IoctlFault"/>.</summary>
internal delegate SysResult IoctlCall(out int value);
