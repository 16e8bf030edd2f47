using System.Text;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Host;

/// <summary>uname(2) and the MPTCP sysctls as this thread's namespace sees them.</summary>
internal static unsafe class KernelProbe
{
    /// <param name="upstreamOverride">An explicit upstream version (<c>--kernel-version</c>), instead of reading it from uname.</param>
    public static KernelInfo Read((Expectations.KernelVersion? Version, string Source)? upstreamOverride = null)
    {
        const int n = Interop.Sys.UtsFieldLength;
        var buf = stackalloc byte[n * 6];
        string release = "unknown", version = "unknown", machine = "unknown";
        if (Interop.Sys.Uname(buf) == 0)
        {
            release = Field(buf, 2);
            version = Field(buf, 3);
            machine = Field(buf, 4);
        }

        var (upstream, source) = upstreamOverride ?? Expectations.UpstreamVersion.Detect(release, version);
        return new KernelInfo(release, version, machine, Sysctls.ReadMptcp(), upstream?.ToString(), source);

        static string Field(byte* b, int i)
        {
            var span = new ReadOnlySpan<byte>(b + i * n, n);
            var end = span.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
        }
    }
}
