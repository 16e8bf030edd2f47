namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>What <see cref="LoopbackHttpServer"/> answers to one request.</summary>
/// <param name="SendLength">false: chunked, without a Content-Length (the client learns the size only by reading).</param>
public sealed record HttpReply(int Status, byte[] Body, bool SendLength = true);
