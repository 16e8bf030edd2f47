using Docker.DotNet;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>Which engine to talk to: an explicit endpoint, else <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>.</summary>
public static class DockerEndpoint
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>How to get an engine: the project's setup script first (it installs docker.io and starts dockerd).</summary>
    public const string StartHint =
        "sudo scripts/setup.sh (installs docker.io and starts dockerd); or: apt-get install docker.io && systemctl start docker " +
        "(without systemd: dockerd --bridge=none --iptables=false >/tmp/dockerd.log 2>&1 &)";

    /// <summary>How a user whom the engine's socket refuses gets access, without running the matrix as root.</summary>
    public static string AccessHint(string user) =>
        $"sudo usermod -aG docker {user}, then log in again (the docker group can reach the engine); or a rootless engine " +
        "(dockerd-rootless-setuptool.sh install) with DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock";

    /// <summary>Whether a failed connection was the socket refusing this user (EACCES), not a missing engine.</summary>
    public static bool IsAccessDenied(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is UnauthorizedAccessException) return true;
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied }) return true;
        }

        return false;
    }

    public static Uri Resolve(string? endpoint = null)
    {
        var text = endpoint ?? Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(text)) text = DefaultSocket;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https"))
            throw new ArgumentException($"Docker endpoint '{text}' is not valid: use unix:///path/to/docker.sock or tcp://host:port (DOCKER_HOST)");
        return uri;
    }

    /// <summary>A client for the resolved endpoint.</summary>
    public static DockerClient CreateClient(Uri endpoint) => new DockerClientBuilder().WithEndpoint(endpoint).Build();

    /// <summary>Where the socket file is, for unix endpoints (null otherwise).</summary>
    public static string? SocketPath(Uri endpoint) => endpoint.Scheme == "unix" ? endpoint.LocalPath : null;
}
