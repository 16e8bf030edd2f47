namespace MptcpMatrix.Agent.Selftest;

/// <summary>The echo payload: 128 to 4094 random capital letters, reproducible from the seed.</summary>
internal static class Payload
{
    public static byte[] Create(Random random)
    {
        var len = Math.Max(128, random.Next(4095));
        var data = new byte[len];
        for (var i = 0; i < len; i++) data[i] = (byte)('A' + random.Next(26));
        return data;
    }
}
