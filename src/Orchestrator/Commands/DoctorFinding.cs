namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>One line of <c>matrix doctor</c>.</summary>
internal sealed record DoctorFinding(string Name, bool Ok, string Detail, string? Fix = null);
