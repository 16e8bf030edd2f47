using System.Security.Cryptography;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// The fastest way to start a kernel under QEMU: its uncompressed ELF <c>vmlinux</c> through the PVH entry point
/// (<c>CONFIG_PVH=y</c> in every Debian kernel of the default matrix) skips the bzImage's real-mode setup and its
/// self-decompression, which under TCG is emulated instruction by instruction. The vmlinux is extracted once per
/// bzImage (<see cref="BzImagePayload"/>), checked to be an ELF with the PVH note (<see cref="ElfPvhNote"/>), and kept
/// in <c>&lt;cache&gt;/pvh/&lt;bzImage sha256&gt;.vmlinux</c> with its own SHA-256, size and mtime beside it
/// (<see cref="HashStamp"/>): a file whose size or mtime changed is hashed again, and rebuilt when its content is not what
/// was extracted. A kernel
/// whose config lacks CONFIG_PVH, whose payload format is not one of gzip/xz/zstd/lz4, or whose vmlinux has no PVH
/// note boots from the bzImage, and the decision is remembered (<c>.no-pvh</c> with the reason).
/// </summary>
internal static class PvhKernels
{
    public static async Task<BootKernel> ResolveAsync(KernelImage image, string cacheDir, CancellationToken cancellationToken)
    {
        if (image.Config is { } config && File.Exists(config) && KernelConfigFile.Value(File.ReadLines(config), "CONFIG_PVH") != "y")
            return new BootKernel(image.Vmlinuz, BootKernel.BzImage, "the kernel config has no CONFIG_PVH=y");
        var dir = Path.Combine(cacheDir, "pvh");
        Directory.CreateDirectory(dir);
        var vmlinux = Path.Combine(dir, image.Sha256 + ".vmlinux");
        var negative = Path.Combine(dir, image.Sha256 + ".no-pvh");
        if (File.Exists(negative)) return new BootKernel(image.Vmlinuz, BootKernel.BzImage, File.ReadAllText(negative).Trim());
        if (HashStamp.Unchanged(vmlinux)) return new BootKernel(vmlinux, BootKernel.Pvh, "extracted from the bzImage's payload");

        using var held = await new KernelCache(cacheDir).LockAsync("pvh-" + image.Sha256, cancellationToken);
        if (HashStamp.Unchanged(vmlinux)) return new BootKernel(vmlinux, BootKernel.Pvh, "extracted from the bzImage's payload");
        byte[] elf;
        string format;
        try
        {
            var bzImage = await File.ReadAllBytesAsync(image.Vmlinuz, cancellationToken);
            format = BzImagePayload.Format(BzImagePayload.Locate(bzImage).Span);
            elf = BzImagePayload.Decompress(bzImage);
        }
        catch (InvalidDataException e)
        {
            return Refuse(image, negative, "the bzImage's payload cannot be extracted: " + e.Message);
        }

        if (!ElfPvhNote.Has(elf, out var what)) return Refuse(image, negative, $"the {format} payload is {what}");
        var temp = $"{vmlinux}.{Environment.ProcessId}.{Guid.NewGuid():n}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, elf, cancellationToken);
            File.Move(temp, vmlinux, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        HashStamp.Remember(vmlinux, Convert.ToHexStringLower(SHA256.HashData(elf)));
        return new BootKernel(vmlinux, BootKernel.Pvh, $"extracted from the bzImage's {format} payload");
    }

    private static BootKernel Refuse(KernelImage image, string negative, string why)
    {
        AtomicFile.WriteAllText(negative, why + "\n");
        return new BootKernel(image.Vmlinuz, BootKernel.BzImage, why);
    }
}
