using MptcpMatrix.Agent.Native;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Sockets;

/// <summary>The two families the selftest runs: name, AF_* number and loopback sockaddr.</summary>
internal sealed record AddressFamily(string Name, int Af, string Loopback)
{
    public static AddressFamily IPv4 { get; } = new(AgentFamilies.IPv4, SocketConstants.AF_INET, "127.0.0.1");
    public static AddressFamily IPv6 { get; } = new(AgentFamilies.IPv6, SocketConstants.AF_INET6, "::1");

    public static AddressFamily? Parse(string name) => name switch
    {
        AgentFamilies.IPv4 => IPv4,
        AgentFamilies.IPv6 => IPv6,
        _ => null,
    };

    /// <summary>sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) for loopback at <paramref name="port"/>.</summary>
    public byte[] LoopbackSockaddr(int port)
    {
        var addr = new byte[Af == SocketConstants.AF_INET ? 16 : 28];
        BitConverter.TryWriteBytes(addr.AsSpan(0, 2), (ushort)Af);
        addr[2] = (byte)(port >> 8);
        addr[3] = (byte)port;
        if (Af == SocketConstants.AF_INET)
        {
            addr[4] = 127;
            addr[7] = 1;
        }
        else
        {
            addr[8 + 15] = 1;
        }

        return addr;
    }

    /// <summary>The port of a sockaddr_in/sockaddr_in6 (network byte order at offset 2).</summary>
    public static int PortOf(ReadOnlySpan<byte> sockaddr) => (sockaddr[2] << 8) | sockaddr[3];
}
