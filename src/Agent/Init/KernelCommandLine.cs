namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Finds a switch (<c>mptcpmatrix.trace=1</c>) on the kernel command line (<c>/proc/cmdline</c>: words separated by blanks, ending in a
/// newline) by a plain scan: splitting the line into an array, as a first version did, ran more first-time code than
/// the whole lookup is worth in a TCG guest.
/// </summary>
internal static class KernelCommandLine
{
    /// <summary>Whether the exact word <paramref name="word"/> is on the command line.</summary>
    public static bool Has(string cmdline, string word)
    {
        for (var at = cmdline.IndexOf(word, StringComparison.Ordinal); at >= 0; at = cmdline.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || IsBlank(cmdline[at - 1])) && (end == cmdline.Length || IsBlank(cmdline[end]))) return true;
        }

        return false;
    }

    private static bool IsBlank(char c) => c is ' ' or '\n' or '\t' or '\r';
}
