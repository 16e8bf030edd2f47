using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Backends.Boot;

/// <summary>One cell's report from a guest, and where in the guest the agent ran (for the sysctl check's message).</summary>
internal sealed record GuestReport(AgentReport Report, string Where);
