namespace MptcpMatrix.Orchestrator.Config;

/// <summary>Not a matrix.yml key: left out of the JSON Schema and the YAML mapping.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SchemaIgnoreAttribute : Attribute;
