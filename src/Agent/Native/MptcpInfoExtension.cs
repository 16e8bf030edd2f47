namespace MptcpMatrix.Agent.Native;

/// <summary>
/// Offsets of the fields newer kernels append to struct mptcp_info after <c>mptcpi_csum_enabled</c>
/// (u32 retransmits, then aligned u64 bytes_retrans, bytes_sent, bytes_received, bytes_acked).
/// </summary>
internal static class MptcpInfoExtension
{
    public const int RetransmitsOffset = 44;
    public const int BytesRetransOffset = 48;
    public const int BytesSentOffset = 56;
    public const int BytesReceivedOffset = 64;
    public const int BytesAckedOffset = 72;

    /// <summary>Length up to and including bytes_acked: a kernel that returns at least this much has the counters.</summary>
    public const int MinimumLength = 80;
}
