using System.Net;
using System.Text;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// An HTTP server on 127.0.0.1 serving a directory as a plain web server would: files as they are, directories as an
/// HTML index of <c>&lt;a href="name/"&gt;</c> links, 404 for anything else. <c>tamper(path, body)</c> may replace a
/// file's body (a truncated download); the requests are counted by path.
/// </summary>
public sealed class LoopbackDirectoryServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly string _root;
    private readonly Func<string, byte[], byte[]>? _tamper;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    public LoopbackDirectoryServer(string root, Func<string, byte[], byte[]>? tamper = null)
    {
        _root = Path.GetFullPath(root);
        _tamper = tamper;
        (_listener, var url) = LoopbackListener.Start();
        Url = url;
        _ = Task.Run(() => LoopbackListener.ServeAsync(_listener, AnswerAsync));
    }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Url { get; } = "";

    public int RequestsOf(string path) => _requests.GetValueOrDefault(path);

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        var local = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
        byte[]? body = null;
        if (local.StartsWith(_root, StringComparison.Ordinal))
        {
            if (File.Exists(local)) body = await File.ReadAllBytesAsync(local);
            else if (Directory.Exists(local) && path.EndsWith('/'))
            {
                var links = Directory.GetFileSystemEntries(local).Order(StringComparer.Ordinal)
                    .Select(e => Directory.Exists(e) ? Path.GetFileName(e) + "/" : Path.GetFileName(e))
                    .Select(n => $"<a href=\"{n}\">{n}</a><br>\n");
                body = Encoding.UTF8.GetBytes("<html><body>\n" + string.Concat(links) + "</body></html>\n");
            }
        }

        if (body is null)
        {
            context.Response.StatusCode = 404;
            body = "not found"u8.ToArray();
        }
        else if (_tamper is not null)
        {
            body = _tamper(path, body);
        }

        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
    }

    public void Dispose() => _listener.Close();
}
