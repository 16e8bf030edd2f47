using System.Text;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Host;

/// <summary>uname(2) and the MPTCP sysctls as this thread's namespace sees them.</summary>
internal static unsafe class KernelProbe
{
    public static KernelInfo Read()
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

        return new KernelInfo(release, version, machine, Sysctls.ReadMptcp());

        static string Field(byte* b, int i)
        {
            var span = new ReadOnlySpan<byte>(b + i * n, n);
            var end = span.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
        }
    }
}
