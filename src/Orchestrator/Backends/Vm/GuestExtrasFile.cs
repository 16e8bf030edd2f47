namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>A matrix boot's <c>/init-extras.json</c>: only modules to load (the agent's init reads programs too, for tests).</summary>
internal sealed record GuestExtrasFile(IReadOnlyList<string> Modules);
