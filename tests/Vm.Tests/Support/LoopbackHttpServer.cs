using System.Net;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>An HTTP server on 127.0.0.1 that answers each request with what <c>reply(n)</c> says for the n-th request, counting them.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, HttpReply> _reply;
    private int _requests;

    public LoopbackHttpServer(Func<int, HttpReply> reply)
    {
        _reply = reply;
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Url = $"http://127.0.0.1:{port}/bzImage";
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // the port is taken: pick another
            }
        }

        _ = Task.Run(ServeAsync);
    }

    /// <summary>Serves <paramref name="file"/> to every request.</summary>
    public static LoopbackHttpServer ServingFile(string file)
    {
        var content = File.ReadAllBytes(file);
        return new LoopbackHttpServer(_ => new HttpReply(200, content));
    }

    public string Url { get; } = "";

    public int Requests => Volatile.Read(ref _requests);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var reply = _reply(Interlocked.Increment(ref _requests));
            try
            {
                context.Response.StatusCode = reply.Status;
                if (reply.SendLength) context.Response.ContentLength64 = reply.Body.Length;
                else context.Response.SendChunked = true;
                await context.Response.OutputStream.WriteAsync(reply.Body);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client hung up (e.g. it stopped a download past its size cap)
            }
        }
    }

    public void Dispose() => _listener.Close();
}
