using System.Runtime.InteropServices;

namespace MptcpMatrix.Agent.Native;

/// <summary>
/// struct mptcp_info as of the 6.1 uapi (48 bytes). Newer kernels append <see cref="MptcpInfoExtension"/> fields;
/// the kernel copies min(optlen, its size), so a 48-byte request stays valid everywhere.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MptcpInfo
{
    public const int Size = 48;

    public byte Subflows;
    public byte AddAddrSignal;
    public byte AddAddrAccepted;
    public byte SubflowsMax;
    public byte AddAddrSignalMax;
    public byte AddAddrAcceptedMax;
    public uint Flags;
    public uint Token;
    public ulong WriteSeq;
    public ulong SndUna;
    public ulong RcvNxt;
    public byte LocalAddrUsed;
    public byte LocalAddrMax;
    public byte CsumEnabled;
}
