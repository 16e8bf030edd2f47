namespace MptcpMatrix.Orchestrator.Config;

/// <summary>The regular expression a dictionary's keys must match (JSON Schema <c>propertyNames</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PropertyNamePatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}
