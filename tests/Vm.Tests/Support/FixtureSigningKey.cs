using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// A throw-away OpenPGP signing key in its own GNUPGHOME (ed25519, no passphrase), its public keyring file for apt's
/// <c>signed-by</c>, and clear-signing of Release files. Dispose stops its gpg-agent and deletes the home.
/// </summary>
public sealed class FixtureSigningKey : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("gpg-");

    private FixtureSigningKey()
    {
    }

    /// <summary>The public keyring (binary, as <c>gpg --export</c> writes it).</summary>
    public string Keyring => Path.Combine(_home.FullName, "fixture-archive.gpg");

    public static async Task<FixtureSigningKey> CreateAsync(string uid, CancellationToken ct)
    {
        var key = new FixtureSigningKey();
        await key.GpgAsync(ct, "--quick-generate-key", uid, "ed25519", "sign", "never");
        await key.GpgAsync(ct, "--output", key.Keyring, "--export", uid);
        return key;
    }

    /// <summary>Writes <c>InRelease</c> (the clear-signed <paramref name="release"/>) next to it.</summary>
    public Task ClearSignAsync(string release, CancellationToken ct) =>
        GpgAsync(ct, "--digest-algo", "SHA256", "--output", Path.Combine(Path.GetDirectoryName(release)!, "InRelease"), "--clearsign", release);

    /// <summary>Writes <c>FILE.gpg</c>, a detached signature of <paramref name="file"/> (as a mainline archive's CHECKSUMS.gpg).</summary>
    public Task DetachSignAsync(string file, CancellationToken ct) =>
        GpgAsync(ct, "--digest-algo", "SHA256", "--output", file + ".gpg", "--detach-sign", file);

    private Task<ToolResult> GpgAsync(CancellationToken ct, params string[] arguments) =>
        Tools.RunAsync("fixture-key", "gpg", ["--homedir", _home.FullName, "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", "", .. arguments], ct,
            installHint: "apt-get install gnupg");

    public void Dispose()
    {
        try
        {
            Tools.RunAsync("fixture-key", "gpgconf", ["--homedir", _home.FullName, "--kill", "gpg-agent"], CancellationToken.None, check: false).GetAwaiter().GetResult();
        }
        catch (KernelException)
        {
        }

        _home.Delete(recursive: true);
    }
}
