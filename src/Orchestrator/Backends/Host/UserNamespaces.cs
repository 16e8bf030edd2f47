using System.Diagnostics;

namespace MptcpMatrix.Orchestrator.Backends.Host;

/// <summary>
/// Cells for a user without privileges: util-linux <c>unshare --user --map-root-user</c> starts the agent in a new user
/// namespace where it is root (uid and gid maps written by unshare, as the kernel requires: a single-threaded process
/// must do it, which the .NET agent is not), so its <c>--new-netns</c> and the namespace's <c>net.*</c> sysctls work
/// as they do for root. The kernel allows this to every user unless unprivileged user namespaces are switched off.
/// </summary>
internal static class UserNamespaces
{
    public const string Tool = "unshare";

    /// <summary>The argv prefix that runs a program in a new user namespace as its root.</summary>
    public static IReadOnlyList<string> Prefix { get; } = ["--user", "--map-root-user", "--"];

    private static readonly Lazy<string?> ToolPath = new(() => Infrastructure.HostProcess.Which(Tool));
    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>The program that starts a cell's agent in its user namespace (found once on PATH).</summary>
    public static string Program => ToolPath.Value ?? Tool;

    /// <summary>Null when this user can create a user namespace, else why not (with what to change).</summary>
    public static string? Unavailable() => Problem.Value;

    private static string? Probe()
    {
        var path = ToolPath.Value;
        if (path is null) return "unshare (util-linux) is not installed: apt-get install util-linux";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path) { ArgumentList = { "--user", "--map-root-user", "--net", "true" }, RedirectStandardError = true })!;
            var stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return "unshare --user did not finish in 10 s";
            }

            return process.ExitCode == 0
                ? null
                : $"this user cannot create a user namespace ({stderr.Trim()}): allow it (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0) or run with sudo";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run unshare: {e.Message}";
        }
    }
}
