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
