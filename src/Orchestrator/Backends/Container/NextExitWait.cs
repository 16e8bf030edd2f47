using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// The engine's <c>POST /containers/{id}/wait?condition=next-exit</c>, which Docker.DotNet does not offer (its wait has no
/// condition). Registered before the container starts, as <c>docker run --rm</c> does, it still answers with the exit code
/// when the engine removes an <c>AutoRemove</c> container the moment it exits. The engine sends the response headers once
/// the wait is registered and the body (<c>{"StatusCode":N}</c>) when the container exits.
/// </summary>
public sealed class NextExitWait : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;

    private NextExitWait(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _response = response;
    }

    /// <summary>Registers the wait; returns once the engine has (its response headers arrived).</summary>
    public static async Task<NextExitWait> RegisterAsync(Uri endpoint, string containerId, CancellationToken cancellationToken)
    {
        var http = HttpFor(endpoint);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"containers/{Uri.EscapeDataString(containerId)}/wait?condition=next-exit");
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                response.Dispose();
                throw new Docker.DotNet.DockerApiException(response.StatusCode, body);
            }

            return new NextExitWait(http, response);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>The exit code, when the container has exited; an error the engine reports in the body throws.</summary>
    public async Task<long> ExitCodeAsync(CancellationToken cancellationToken)
    {
        await using var body = await _response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = json.RootElement;
        if (root.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.Object &&
            error.TryGetProperty("Message", out var message) && message.GetString() is { Length: > 0 } text)
            throw new IOException($"the engine's wait for the container failed: {text}");
        return root.GetProperty("StatusCode").GetInt64();
    }

    private static HttpClient HttpFor(Uri endpoint)
    {
        if (DockerEndpoint.SocketPath(endpoint) is { } socket)
        {
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                        return new NetworkStream(unix, ownsSocket: true);
                    }
                    catch
                    {
                        unix.Dispose();
                        throw;
                    }
                },
            };
            return Client(handler, new Uri("http://docker/"));
        }

        var scheme = endpoint.Scheme == "https" ? "https" : "http";
        return Client(new SocketsHttpHandler(), new UriBuilder(scheme, endpoint.Host, endpoint.Port, "/").Uri);
    }

    private static HttpClient Client(HttpMessageHandler handler, Uri baseAddress)
    {
        // The body comes when the container exits: the caller's token bounds the wait, not HttpClient's own timeout.
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    public void Dispose()
    {
        _response.Dispose();
        _http.Dispose();
    }
}
