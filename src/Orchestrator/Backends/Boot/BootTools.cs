namespace MptcpMatrix.Orchestrator.Backends.Boot;

/// <summary>What a boot backend found of its tools before a batch: their versions, or what is missing (the batch is skipped).</summary>
/// <param name="Missing">What is missing and how to install it; null when the tools are there.</param>
internal sealed record BootTools(string? Missing, string? QemuVersion = null, string? VirtmeVersion = null);
