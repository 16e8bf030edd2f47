namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>How kernels are fetched.</summary>
/// <param name="Mirror">matrix.yml <c>debian.mirror</c>; null = the machine's apt sources.</param>
/// <param name="SecurityMirror">matrix.yml <c>debian.security</c>: the security archive; null = the machine's apt sources'
/// security URI (with the machine's mirror), else <c>&lt;mirror&gt;-security</c>.</param>
/// <param name="MainlineUrl">matrix.yml <c>mainline.url</c>; required by <c>source: mainline</c> (no archive is built in).</param>
/// <param name="MainlineKeyring">matrix.yml <c>mainline.keyring</c>: a keyring CHECKSUMS.gpg must verify against; null = checksums only.</param>
/// <param name="DebianKeyring">The keyring the Debian pockets' InRelease files must verify against; null = the Debian
/// archive keyring (a fixture or private archive brings its own).</param>
/// <param name="Refresh">Re-read the archive's index even when the cached resolution is fresh (<c>matrix kernels pull</c>).</param>
/// <param name="IndexMaxAge">How long a suite's resolution is trusted before the archive index is read again.</param>
internal sealed record KernelFetchOptions(string? Mirror = null, bool Refresh = false, TimeSpan? IndexMaxAge = null, string? SecurityMirror = null,
    string? MainlineUrl = null, string? MainlineKeyring = null, string? DebianKeyring = null)
{
    public static KernelFetchOptions Default { get; } = new();

    public TimeSpan MaxAge => IndexMaxAge ?? TimeSpan.FromHours(24);
}
