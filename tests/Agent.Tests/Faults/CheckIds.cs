using System.Text.RegularExpressions;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Check ids without the side and phase: <c>client.initial.tcpinfo.bogus.zero_size</c> → <c>tcpinfo.bogus.zero_size</c>,
/// <c>server.echo.read</c> → <c>echo.read</c>, <c>setup.connect</c> stays.</summary>
internal static partial class CheckIds
{
    public static string Normalise(string id) => SidePhase().Replace(id, "");

    /// <summary>A support suite's check as docs/agent.md lists it: <c>sockopts.OPTION</c> (no stage, no optlen
    /// variant), <c>inq.CHECK</c> and <c>fallback.CHECK</c> (no pairing).</summary>
    public static string NormaliseSuite(string id)
    {
        var parts = id.Split('.');
        return parts[0] == "sockopts" ? parts[0] + "." + parts[1] : parts[0] + "." + string.Join('.', parts[2..]);
    }

    [GeneratedRegex(@"^(client|server)\.((initial|final)\.)?")]
    private static partial Regex SidePhase();
}
