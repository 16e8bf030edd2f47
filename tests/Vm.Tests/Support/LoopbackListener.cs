using System.Net;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>The part the loopback test servers share: an <see cref="HttpListener"/> on a free 127.0.0.1 port, and its accept loop.</summary>
internal static class LoopbackListener
{
    /// <summary>Starts a listener on a random free port of 127.0.0.1; returns it and its base URL (no trailing slash).</summary>
    public static (HttpListener Listener, string BaseUrl) Start()
    {
        var listener = new HttpListener();
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, $"http://127.0.0.1:{port}");
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // the port is taken: pick another
            }
        }
    }

    /// <summary>Answers every request with <paramref name="handle"/> until the listener is closed.</summary>
    public static async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await handle(context);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client hung up (e.g. it stopped a download past its size cap)
            }
        }
    }
}
