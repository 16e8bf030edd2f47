namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Finds a parameter on the kernel command line (<c>/proc/cmdline</c>: words separated by blanks, ending in a
/// newline) by a plain scan: splitting the line into an array, as a first version did, ran more first-time code than
/// the whole lookup is worth in a TCG guest.
/// </summary>
internal static class KernelCommandLine
{
    /// <summary>The rest of the first word that starts with <paramref name="prefix"/>, or null when no word does.</summary>
    public static string? Value(string cmdline, string prefix)
    {
        for (var at = cmdline.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = cmdline.IndexOf(prefix, at + 1, StringComparison.Ordinal))
        {
            if (at > 0 && !IsBlank(cmdline[at - 1])) continue;
            var end = at + prefix.Length;
            while (end < cmdline.Length && !IsBlank(cmdline[end])) end++;
            return cmdline[(at + prefix.Length)..end];
        }

        return null;
    }

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
