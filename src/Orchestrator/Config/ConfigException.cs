namespace MptcpMatrix.Orchestrator.Config;

/// <summary>matrix.yml is invalid: every problem found, each with file, line and column.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public IReadOnlyList<ConfigError> Errors { get; }
}
