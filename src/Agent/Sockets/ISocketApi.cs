namespace MptcpMatrix.Agent.Sockets;

/// <summary>
/// The socket calls whose answers the checks judge. <see cref="LinuxSocketApi"/> makes the real syscalls; tests wrap it
/// to inject faults (wrong lengths, counters, addresses, corrupted data) and prove that every check can fail.
/// </summary>
internal interface ISocketApi
{
    /// <summary>getsockopt(2): <paramref name="optlen"/> goes in and comes back as the kernel left it.</summary>
    SysResult GetSockOpt(int fd, int level, int optname, Span<byte> value, ref int optlen);

    SysResult SetSockOpt(int fd, int level, int optname, ReadOnlySpan<byte> value);

    /// <summary>read(2) after waiting for data; ETIMEDOUT when <paramref name="deadline"/> passes first.</summary>
    SysResult Read(int fd, Span<byte> buffer, Deadline deadline);

    SysResult Write(int fd, ReadOnlySpan<byte> data);

    SysResult GetSockName(int fd, Span<byte> address, ref int length);

    SysResult GetPeerName(int fd, Span<byte> address, ref int length);

    /// <summary>ioctl(2) with an int result: SIOCINQ/FIONREAD, SIOCOUTQ, SIOCOUTQNSD.</summary>
    SysResult IoctlInt(int fd, nuint request, out int value);

    /// <summary>recvmsg(2) into <paramref name="buffer"/> after waiting for data (ETIMEDOUT when <paramref name="deadline"/>
    /// passes first); <paramref name="controlLength"/> is the length of the control messages the kernel left in
    /// <paramref name="control"/>.</summary>
    SysResult RecvMsg(int fd, Span<byte> buffer, Span<byte> control, out int controlLength, Deadline deadline);

    /// <summary>The calling thread's network namespace's established TCP sockets of family <paramref name="af"/> as
    /// inet_diag shows them (an MPTCP connection's subflows among them), added to <paramref name="into"/>: all of them,
    /// or with <paramref name="only"/> the loopback connection with those ports (a hash lookup instead of a walk of the
    /// whole table; its ENOENT means no such socket or no inet_diag for TCP, see <see cref="InetDiagReader.Lookup"/>).</summary>
    SysResult InetDiagTcp(int af, (int Local, int Remote)? only, List<TcpDiag> into, Deadline deadline);

    /// <summary>The calling thread's network namespace's <c>/proc/.../net/netstat</c> (its MPTcpExt counters), or null.</summary>
    string? ReadNetstat();
}
