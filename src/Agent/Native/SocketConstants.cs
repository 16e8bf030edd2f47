namespace MptcpMatrix.Agent.Native;

/// <summary>Socket-level numbers from the Linux uapi (stable ABI).</summary>
internal static class SocketConstants
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_STREAM = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int IPPROTO_MPTCP = 262;
    public const int IPPROTO_TCP = 6;
    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_PROTOCOL = 38;
    public const int SOL_TCP = 6;
    public const int TCP_IS_MPTCP = 43;
    public const int SOL_IP = 0;
    public const int IP_TOS = 1;
    public const int SOL_MPTCP = 284;
    public const int MPTCP_INFO = 1;
    public const int MPTCP_TCPINFO = 2;
    public const int MPTCP_SUBFLOW_ADDRS = 3;
    public const int MPTCP_FULL_INFO = 4;

    /// <summary>sizeof(struct sockaddr_storage) and of __kernel_sockaddr_storage.</summary>
    public const int SockaddrStorageSize = 128;

    /// <summary>sizeof(sa_family_t).</summary>
    public const int SaFamilySize = 2;
}
