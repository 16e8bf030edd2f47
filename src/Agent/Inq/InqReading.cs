using System.Buffers.Binary;

namespace MptcpMatrix.Agent.Inq;

/// <summary>The TCP_CM_INQ control message of a recvmsg: the bytes still queued after what it returned.</summary>
internal static class InqReading
{
    /// <summary>SOL_TCP, TCP_CM_INQ (= TCP_INQ, 36).</summary>
    public const int Level = 6, Type = 36;

    /// <summary>The value of the first TCP_CM_INQ message in <paramref name="control"/>, or null when there is none.</summary>
    public static int? Find(ReadOnlySpan<byte> control)
    {
        var at = 0;
        while (at + 16 <= control.Length)
        {
            var len = (long)BinaryPrimitives.ReadUInt64LittleEndian(control[at..]);
            if (len < 16 || at + len > control.Length) return null;
            var level = BinaryPrimitives.ReadInt32LittleEndian(control[(at + 8)..]);
            var type = BinaryPrimitives.ReadInt32LittleEndian(control[(at + 12)..]);
            if (level == Level && type == Type && len >= 20) return BinaryPrimitives.ReadInt32LittleEndian(control[(at + 16)..]);
            at += (int)((len + 7) & ~7L);
        }

        return null;
    }
}
