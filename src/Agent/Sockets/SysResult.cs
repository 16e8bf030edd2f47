namespace MptcpMatrix.Agent.Sockets;

/// <summary>A syscall's return value and, when it is negative, the errno it set.</summary>
internal readonly record struct SysResult(long Value, int Errno)
{
    public bool Ok => Value >= 0;

    public string ErrnoName => Interop.Errno.Name(Errno);

    public static SysResult Success(long value = 0) => new(value, 0);

    public static SysResult Failure(int errno) => new(-1, errno);

    /// <summary>"0" on success, else "-1 EINVAL", for results.</summary>
    public override string ToString() => Ok ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-1 " + ErrnoName;
}
