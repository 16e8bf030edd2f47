namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Whether a kernel can be tested, decided from its config before booting it.</summary>
/// <param name="Testable">False only when the config proves MPTCP is absent.</param>
/// <param name="Known">False when there was no config to read (the boot decides: the agent reports <c>unsupported</c>).</param>
/// <param name="Reason">Why it is untestable, or what was found.</param>
internal sealed record KernelConfigCheck(bool Testable, bool Known, string Reason);
