using System.Net;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>An HTTP server on 127.0.0.1 that answers each request with what <c>reply(n)</c> says for the n-th request, counting them.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<int, HttpReply> _reply;
    private int _requests;

    public LoopbackHttpServer(Func<int, HttpReply> reply)
    {
        _reply = reply;
        (_listener, var baseUrl) = LoopbackListener.Start();
        Url = baseUrl + "/bzImage";
        _ = Task.Run(() => LoopbackListener.ServeAsync(_listener, AnswerAsync));
    }

    /// <summary>Serves <paramref name="file"/> to every request.</summary>
    public static LoopbackHttpServer ServingFile(string file)
    {
        var content = File.ReadAllBytes(file);
        return new LoopbackHttpServer(_ => new HttpReply(200, content));
    }

    public string Url { get; } = "";

    public int Requests => Volatile.Read(ref _requests);

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var reply = _reply(Interlocked.Increment(ref _requests));
        context.Response.StatusCode = reply.Status;
        if (reply.SendLength) context.Response.ContentLength64 = reply.Body.Length;
        else context.Response.SendChunked = true;
        await context.Response.OutputStream.WriteAsync(reply.Body);
    }

    public void Dispose() => _listener.Close();
}
