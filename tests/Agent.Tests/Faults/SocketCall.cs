namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// One intercepted call, as a rule sees it before the real syscall: its fd, who made it, its level/optname (sockopts),
/// the length passed in, a copy of the first bytes of the buffer passed in, and how many calls of the same kind,
/// side, level, optname and length came before it (1 = the first).
/// </summary>
internal sealed record SocketCall(CallKind Kind, int Fd, Side Side, Phase Phase, int Level, int OptName, int LengthIn, byte[] Input, int Occurrence)
{
    /// <summary>What a suite said the call is about (<see cref="SocketLabel"/>, e.g. <c>sockopts mptcp connected</c>).</summary>
    public string? Label { get; init; }

    public uint InputU32(int offset) => offset + 4 <= Input.Length ? BitConverter.ToUInt32(Input, offset) : 0;
}
