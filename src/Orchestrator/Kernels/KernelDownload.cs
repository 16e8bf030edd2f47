using System.Globalization;
using System.Net;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>What the kernel downloads (url, mainline) share: which HTTP answers are worth a retry, and a size-capped copy.</summary>
internal static class KernelDownload
{
    /// <summary>
    /// A 4xx answer other than 408 and 429 is the request's fault: a permanent <see cref="KernelException"/> (never retried),
    /// ending with <paramref name="advice"/>; 5xx, 408 and 429 throw <see cref="HttpRequestException"/>, which is retried.
    /// </summary>
    public static void ThrowOnError(string kernel, string url, HttpResponseMessage response, string advice = "")
    {
        var code = (int)response.StatusCode;
        if (code is >= 400 and < 500 and not (int)HttpStatusCode.RequestTimeout and not (int)HttpStatusCode.TooManyRequests)
            throw new KernelException(kernel, $"HTTP {code} ({response.ReasonPhrase}) from {url}{advice}", permanent: true);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Copies <paramref name="body"/> into a new <paramref name="target"/>, stopped (permanently) past <paramref name="maxBytes"/>.</summary>
    /// <param name="limit">The limit in words, e.g. <c>the 4096 bytes a kernel image may have</c>.</param>
    public static async Task CopyAsync(Stream body, string target, long maxBytes, string kernel, string url, string limit, CancellationToken cancellationToken)
    {
        await using var file = File.Create(target);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes) throw new KernelException(kernel, $"{url} sent more than {limit}; the download was stopped", permanent: true);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary><paramref name="bytes"/> as the messages write it.</summary>
    public static string Bytes(long bytes) => bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
