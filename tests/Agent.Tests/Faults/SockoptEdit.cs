namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Falsifies what a successful call returned: its buffer and length.</summary>
internal delegate void SockoptEdit(Span<byte> value, ref int length);
