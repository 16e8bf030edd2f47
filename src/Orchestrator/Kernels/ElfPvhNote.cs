using System.Buffers.Binary;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// Whether an ELF kernel can be started through PVH: QEMU boots an ELF <c>-kernel</c> that way when it carries the Xen
/// note <c>XEN_ELFNOTE_PHYS32_ENTRY</c> (type 18, name "Xen") in a PT_NOTE segment: the 32-bit entry point that
/// <c>CONFIG_PVH</c> adds.
/// </summary>
internal static class ElfPvhNote
{
    private const uint PtNote = 4;
    private const uint XenElfnotePhys32Entry = 18;

    /// <summary>True when <paramref name="elf"/> is a 64-bit little-endian ELF with the PVH entry note; <paramref name="why"/> says what it is otherwise.</summary>
    public static bool Has(ReadOnlySpan<byte> elf, out string why)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual("\u007FELF"u8))
        {
            why = "not an ELF file";
            return false;
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            why = "not a 64-bit little-endian ELF";
            return false;
        }

        var phoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[0x20..]);
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x36..]);
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x38..]);
        for (var i = 0; i < phnum; i++)
        {
            var at = phoff + (ulong)(i * phentsize);
            if (at + 56 > (ulong)elf.Length) break;
            var header = elf[(int)at..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != PtNote) continue;
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
            if (offset + size > (ulong)elf.Length) continue;
            if (HasPhys32Entry(elf.Slice((int)offset, (int)size)))
            {
                why = "ELF with the PVH entry note";
                return true;
            }
        }

        why = "an ELF without the PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY): a kernel built without CONFIG_PVH";
        return false;
    }

    private static bool HasPhys32Entry(ReadOnlySpan<byte> notes)
    {
        var position = 0;
        while (position + 12 <= notes.Length)
        {
            var nameSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(notes[position..]);
            var descSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(notes[(position + 4)..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(position + 8)..]);
            var name = position + 12;
            if (nameSize < 0 || descSize < 0 || name + nameSize > notes.Length) return false;
            if (type == XenElfnotePhys32Entry && notes.Slice(name, nameSize).TrimEnd((byte)0).SequenceEqual("Xen"u8)) return true;
            position = name + Align4(nameSize) + Align4(descSize);
        }

        return false;
    }

    private static int Align4(int n) => (n + 3) & ~3;
}
