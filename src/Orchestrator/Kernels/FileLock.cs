namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// An exclusive, cross-process lock on a file. On Linux .NET takes an advisory <c>flock(LOCK_EX)</c> for
/// <see cref="FileShare.None"/>, which the kernel drops when the process dies: a killed run never leaves a stale lock.
/// The lock file itself stays (empty, harmless); only its lock state matters.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Waits (polling) until the lock is free or <paramref name="timeout"/> passes.</summary>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"lock {path} still held by another process after {timeout.TotalSeconds:0} s", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
