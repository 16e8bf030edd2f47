using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Changes an inet_diag dump: gets the call, the real dump's result and its sockets (editable), returns the result to report.</summary>
internal delegate SysResult DiagFault(SocketCall call, SysResult real, List<TcpDiag> sockets);
