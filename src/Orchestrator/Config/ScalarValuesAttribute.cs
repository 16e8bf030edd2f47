namespace MptcpMatrix.Orchestrator.Config;

/// <summary>A string dictionary whose YAML values may be any scalar (string, number, boolean).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ScalarValuesAttribute : Attribute;
