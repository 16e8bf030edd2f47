namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>The <see cref="Sockets.ISocketApi"/> call a fault rule applies to.</summary>
internal enum CallKind
{
    GetSockOpt,
    SetSockOpt,
    Read,
    Write,
    GetSockName,
    GetPeerName,
    Ioctl,
    RecvMsg,
    InetDiag,
}
