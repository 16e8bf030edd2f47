using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>Frames as they arrive from a VM's serial port: tty newline translation and kernel messages in between.</summary>
public sealed class ResultFrameTests
{
    private static readonly string[] Payloads =
    [
        """{"schema_version":1,"variant":"default","verdict":"pass"}""",
        """{"variant":"mptcp-disabled","reason":"ünïcödé and \"quotes\"\nnewline"}""",
        """{"done":true}""",
    ];

    [Fact]
    public void Frames_survive_kernel_messages_between_them_and_crlf_translation()
    {
        var serial = "[    0.000000] Linux version 6.1.0-47-cloud-amd64\r\n" +
                     Tty(ResultFrame.Encode(Payloads[0])) +
                     "[    1.234567] random: crng init done\r\n" +
                     Tty(ResultFrame.Encode(Payloads[1])) +
                     "[    2.000000] reboot: Power down\r\n" +
                     Tty(ResultFrame.Encode(Payloads[2]));

        var frames = ResultFrame.Decode(serial, out var damaged);

        Assert.Equal(Payloads, frames);
        Assert.Equal(0, damaged);
    }

    [Fact]
    public void Compressed_frames_carry_the_same_payloads_in_far_fewer_bytes()
    {
        var report = string.Concat(Enumerable.Repeat("""{"id":"client.initial.tcpinfo.bogus.zero_size","outcome":"pass"},""", 400));
        var plain = ResultFrame.Encode(report);
        var packed = ResultFrame.Encode(report, compress: true);
        var serial = "[    1.0] noise\r\n" + Tty(packed) + Tty(ResultFrame.Encode(Payloads[1], compress: true)) + Tty(ResultFrame.Encode(Payloads[2]));

        var frames = ResultFrame.Decode(serial, out var damaged);

        Assert.Equal([report, Payloads[1], Payloads[2]], frames);
        Assert.Equal(0, damaged);
        Assert.Contains(" gzip\n", packed, StringComparison.Ordinal);
        Assert.True(packed.Length * 10 < plain.Length, $"compressed frame {packed.Length} bytes, plain {plain.Length}");
    }

    [Fact]
    public void A_compressed_frame_with_a_flipped_character_or_a_wrong_length_is_rejected()
    {
        var frame = ResultFrame.Encode(Payloads[0], compress: true);
        var lines = frame.Split('\n');
        var body = lines[1].ToCharArray();
        body[body.Length / 2] = body[body.Length / 2] == 'A' ? 'B' : 'A';
        var flipped = string.Join('\n', lines[0], new string(body), lines[2], "");
        var header = lines[0].Split(' ');
        header[1] = (int.Parse(header[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shorter = string.Join('\n', string.Join(' ', header), lines[1], lines[2], "");

        Assert.Empty(ResultFrame.Decode(flipped, out var d1));
        Assert.Equal(1, d1);
        Assert.Empty(ResultFrame.Decode(shorter, out var d2));
        Assert.Equal(1, d2);
    }

    [Fact]
    public void A_frame_behind_kernel_text_on_the_same_line_is_still_found()
    {
        var serial = "[    1.5] some driver message without newline" + ResultFrame.Encode(Payloads[0]);

        Assert.Equal([Payloads[0]], ResultFrame.Decode(serial, out var damaged));
        Assert.Equal(0, damaged);
    }

    [Fact]
    public void A_damaged_frame_is_rejected_and_counted_while_its_neighbours_survive()
    {
        var middle = ResultFrame.Encode(Payloads[1]).Split('\n');
        var b64 = middle[1].ToCharArray();
        b64[5] = b64[5] == 'A' ? 'B' : 'A'; // one flipped character: same length, wrong CRC-32
        middle[1] = new string(b64);
        var serial = ResultFrame.Encode(Payloads[0]) + string.Join('\n', middle) + ResultFrame.Encode(Payloads[2]);

        var frames = ResultFrame.Decode(serial, out var damaged);

        Assert.Equal([Payloads[0], Payloads[2]], frames);
        Assert.Equal(1, damaged);
    }

    [Fact]
    public void A_kernel_message_inside_a_frame_and_a_cut_off_frame_are_both_rejected()
    {
        var split = ResultFrame.Encode(Payloads[0]).Split('\n');
        var interrupted = $"{split[0]}\n{split[1][..10]}[    3.1] printk in the middle\n{split[1][10..]}\n{split[2]}\n";
        var cut = ResultFrame.Encode(Payloads[2])[..40];

        var frames = ResultFrame.Decode(interrupted + ResultFrame.Encode(Payloads[1]) + cut, out var damaged);

        Assert.Equal([Payloads[1]], frames);
        Assert.Equal(2, damaged);
    }

    [Fact]
    public void The_checksum_is_the_IEEE_CRC_32_in_lowercase_hex()
    {
        Assert.Equal("cbf43926", ResultFrame.Checksum("123456789"u8)); // the standard CRC-32 check value
        Assert.StartsWith($"{ResultFrame.BeginMarker} 13 {ResultFrame.Checksum("{\"done\":true}"u8)}\n", ResultFrame.Encode("{\"done\":true}"), StringComparison.Ordinal);
    }

    private static string Tty(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);
}
