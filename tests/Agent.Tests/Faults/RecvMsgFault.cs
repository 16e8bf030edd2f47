using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Changes what a real recvmsg returned: its result, data or control messages.</summary>
internal delegate SysResult RecvMsgFault(SocketCall call, SysResult real, Span<byte> buffer, Span<byte> control, ref int controlLength);
