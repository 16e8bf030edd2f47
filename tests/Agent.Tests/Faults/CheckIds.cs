using System.Text.RegularExpressions;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Check ids without the side and phase: <c>client.initial.tcpinfo.bogus.zero_size</c> → <c>tcpinfo.bogus.zero_size</c>,
/// <c>server.echo.read</c> → <c>echo.read</c>, <c>setup.connect</c> stays.</summary>
internal static partial class CheckIds
{
    public static string Normalise(string id) => SidePhase().Replace(id, "");

    [GeneratedRegex(@"^(client|server)\.((initial|final)\.)?")]
    private static partial Regex SidePhase();
}
