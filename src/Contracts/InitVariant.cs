namespace MptcpMatrix.Contracts;

/// <summary>One network namespace inside the guest: its sysctls and families.</summary>
public sealed record InitVariant(
    string Name,
    IReadOnlyList<string> Families,
    IReadOnlyDictionary<string, string> Sysctls);
