namespace MptcpMatrix.Agent.Sockopts;

/// <summary>How a probe's read-back value is shown: an int, a NUL-terminated string, or bytes in hex.</summary>
internal enum ValueFormat
{
    Int,
    Text,
    Hex,
}
