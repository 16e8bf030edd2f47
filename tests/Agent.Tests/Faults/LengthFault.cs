using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Replaces a call with a value/length in-out pair; may call <paramref name="real"/> and then lie about it.</summary>
internal delegate SysResult LengthFault(SocketCall call, Span<byte> value, ref int length, LengthCall real);
