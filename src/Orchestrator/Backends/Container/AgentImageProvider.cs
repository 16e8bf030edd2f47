using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Makes the images cells run in, once per run and userspace, tagged by content so a rebuilt agent gives a new image:
/// <list type="bullet">
/// <item><c>scratch</c>: build API, <c>images/agent/Dockerfile</c> (FROM scratch) + the bundle; needs no registry.</item>
/// <item><c>debian</c>/<c>alpine</c>, local (default): a rootfs made here (debootstrap; musl + busybox) imported with the
/// import API, then the bundle copied into a created container through the archive API and committed
/// (a cell's rootfs is read-only, so the copy happens once, here, not per cell).</item>
/// <item><c>debian</c>/<c>alpine</c>, registry: build API with <c>images/&lt;userspace&gt;/Dockerfile</c>.</item>
/// </list>
/// Engine calls that build or import retry through <see cref="Pipelines.DockerImage"/>.
/// </summary>
internal sealed class AgentImageProvider(IDockerClient client, ContainerOptions options, AgentArtifacts agent, string cacheDir) : IDisposable
{
    public const string Repository = "mptcpmatrix/agent";
    public const string BaseRepository = "mptcpmatrix/base";
    public static readonly string[] Userspaces = ["scratch", "debian", "alpine"];

    private readonly ConcurrentDictionary<string, Lazy<Task<AgentImage>>> _images = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _buildLock = new(1, 1);
    private (byte[] Tar, string Sha256)? _bundle;

    /// <summary>The image for <paramref name="userspace"/>; concurrent callers share one build, a failed build is retried by the next caller.</summary>
    public async Task<AgentImage> GetAsync(string userspace, CancellationToken cancellationToken)
    {
        if (!Userspaces.Contains(userspace))
            throw new ContainerSetupException(userspace, $"unknown container userspace '{userspace}'; valid: {string.Join(", ", Userspaces)}");
        var lazy = _images.GetOrAdd(userspace, u => new Lazy<Task<AgentImage>>(() => BuildLockedAsync(u, cancellationToken)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _images.TryRemove(new KeyValuePair<string, Lazy<Task<AgentImage>>>(userspace, lazy));
            throw;
        }
    }

    /// <summary>The bundle as a tar (entries <c>opt/mptcp-agent/...</c>) and its SHA-256.</summary>
    public (byte[] Tar, string Sha256) Bundle()
    {
        lock (_images)
        {
            return _bundle ??= MakeBundle();
        }
    }

    private (byte[] Tar, string Sha256) MakeBundle()
    {
        if (!File.Exists(Path.Combine(agent.BundleRoot, AgentArtifacts.BundleAgentPath.TrimStart('/'))))
            throw new ContainerSetupException("scratch", $"the agent bundle is missing at {agent.BundleRoot}; build it with scripts/build-agent.sh");
        using var tar = new TarBuilder();
        tar.AddTree(agent.BundleRoot);
        return tar.Complete();
    }

    /// <summary>Text of an embedded <c>images/&lt;userspace&gt;/Dockerfile</c>.</summary>
    public static string Dockerfile(string userspace)
    {
        var name = $"images/{(userspace == "scratch" ? "agent" : userspace)}/Dockerfile";
        using var stream = typeof(AgentImageProvider).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private async Task<AgentImage> BuildLockedAsync(string userspace, CancellationToken cancellationToken)
    {
        // One build at a time: builds are I/O heavy and the scratch image is shared by the others' tags.
        await _buildLock.WaitAsync(cancellationToken);
        try
        {
            return userspace == "scratch" || options.BaseSource == ContainerBaseSource.Registry
                ? await BuildFromDockerfileAsync(userspace, cancellationToken)
                : await BuildFromLocalRootfsAsync(userspace, cancellationToken);
        }
        finally
        {
            _buildLock.Release();
        }
    }

    private async Task<AgentImage> BuildFromDockerfileAsync(string userspace, CancellationToken cancellationToken)
    {
        var (bundleTar, bundleSha) = Bundle();
        var dockerfile = Dockerfile(userspace);
        var tag = $"{userspace}-{Short(Sha256Hex(dockerfile + "\n" + bundleSha))}";
        var description = userspace == "scratch" ? "FROM scratch" : "Dockerfile " + FromLine(dockerfile);
        var image = new AgentImage($"{Repository}:{tag}", userspace, description, bundleSha);
        if (await ExistsAsync(image.Tag, cancellationToken)) return image;

        // Build context: the Dockerfile plus the bundle's opt/ tree.
        using var context = new TarBuilder();
        context.AddFile("Dockerfile", Encoding.UTF8.GetBytes(dockerfile));
        foreach (var entry in ReadTarEntries(bundleTar)) context.AddFileEntry(entry);
        var (contextBytes, _) = context.Complete();

        await Pipelines.DockerImage.ExecuteAsync(async ct =>
        {
            var errors = new List<string>();
            var progress = new Progress<JSONMessage>(m =>
            {
                if (m.Error?.Message is { } error) lock (errors) errors.Add(error);
            });
            await client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
            {
                Tags = [image.Tag],
                Remove = true,
                ForceRemove = true,
                NetworkMode = "none",
                Labels = ImageLabels(image),
            }, new MemoryStream(contextBytes, writable: false), null, null, progress, ct);
            // Progress callbacks are posted; the inspect below is the real success check.
            if (!await ExistsAsync(image.Tag, ct))
            {
                await Task.Delay(100, ct);
                lock (errors)
                    throw new ContainerSetupException(userspace, $"building {image.Tag} failed: " +
                        (errors.Count > 0 ? string.Join("; ", errors) : "the engine reported no image"));
            }
        }, cancellationToken);
        return image;
    }

    private async Task<AgentImage> BuildFromLocalRootfsAsync(string userspace, CancellationToken cancellationToken)
    {
        var (bundleTar, bundleSha) = Bundle();
        string baseTag, description;
        if (userspace == "debian")
        {
            var tarPath = await DebianRootfs.EnsureAsync(cacheDir, options.DebianSuite, options.DebianMirror, cancellationToken);
            var sha = await FileSha256Async(tarPath, cancellationToken);
            baseTag = $"{BaseRepository}:debian-{options.DebianSuite}-{Short(sha)}";
            description = $"debootstrap {options.DebianSuite} minbase";
            if (!await ExistsAsync(baseTag, cancellationToken))
                await ImportAsync(userspace, baseTag, () => File.OpenRead(tarPath), cancellationToken);
        }
        else
        {
            var (rootfs, sha, what) = await MuslRootfs.BuildAsync(cancellationToken);
            baseTag = $"{BaseRepository}:alpine-like-{Short(sha)}";
            description = what;
            if (!await ExistsAsync(baseTag, cancellationToken))
                await ImportAsync(userspace, baseTag, () => new MemoryStream(rootfs, writable: false), cancellationToken);
        }

        var image = new AgentImage($"{Repository}:{userspace}-{Short(Sha256Hex(baseTag + "\n" + bundleSha))}", userspace, description, bundleSha);
        if (await ExistsAsync(image.Tag, cancellationToken)) return image;

        // The bundle goes in through the archive API on a created (never started) container, then a commit freezes it.
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = baseTag,
            Entrypoint = [.. AgentArtifacts.BundleCommand],
            Cmd = ["--version"],
            Labels = ContainerBackend.ContainerLabelsFor(options.RunId ?? "image-build", "image-" + userspace),
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, cancellationToken);
        try
        {
            await client.Containers.ExtractArchiveToContainerAsync(created.ID, new CopyToContainerParameters { Path = "/" },
                new MemoryStream(bundleTar, writable: false), cancellationToken);
            var (repo, tag) = SplitTag(image.Tag);
            await client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters
            {
                ContainerID = created.ID,
                RepositoryName = repo,
                Tag = tag,
                Comment = $"{description} + mptcp-agent bundle {bundleSha}",
                Changes = [EntrypointInstruction()],
                Labels = ImageLabels(image),
            }, cancellationToken);
        }
        finally
        {
            await ContainerBackend.RemoveQuietlyAsync(client, created.ID);
        }

        if (!await ExistsAsync(image.Tag, cancellationToken))
            throw new ContainerSetupException(userspace, $"committing {image.Tag} did not produce an image");
        return image;
    }

    private async Task ImportAsync(string userspace, string tag, Func<Stream> open, CancellationToken cancellationToken)
    {
        var (repo, version) = SplitTag(tag);
        await Pipelines.DockerImage.ExecuteAsync(async ct =>
        {
            await using var stream = open();
            var errors = new List<string>();
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = repo, Tag = version }, stream, null,
                new Progress<JSONMessage>(m =>
                {
                    if (m.Error?.Message is { } error) lock (errors) errors.Add(error);
                }), ct);
            if (!await ExistsAsync(tag, ct))
                lock (errors)
                    throw new ContainerSetupException(userspace, $"importing {tag} failed: " + (errors.Count > 0 ? string.Join("; ", errors) : "no image"));
        }, cancellationToken);
    }

    private async Task<bool> ExistsAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(tag, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static Dictionary<string, string> ImageLabels(AgentImage image) => new()
    {
        [ContainerLabels.ImageBundle] = image.BundleSha256,
        [ContainerLabels.ImageUserspace] = image.Userspace,
        [ContainerLabels.ImageBase] = image.Base,
    };

    private static string EntrypointInstruction() =>
        "ENTRYPOINT [" + string.Join(", ", AgentArtifacts.BundleCommand.Select(a => "\"" + a + "\"")) + "]";

    private static string FromLine(string dockerfile)
    {
        var arg = dockerfile.Split('\n').FirstOrDefault(l => l.StartsWith("ARG BASE=", StringComparison.Ordinal));
        return arg is null ? "" : "FROM " + arg["ARG BASE=".Length..].Trim();
    }

    private static (string Repo, string Tag) SplitTag(string tag)
    {
        var colon = tag.LastIndexOf(':');
        return (tag[..colon], tag[(colon + 1)..]);
    }

    private static IEnumerable<System.Formats.Tar.TarEntry> ReadTarEntries(byte[] tar)
    {
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar, writable: false));
        while (reader.GetNextEntry(copyData: true) is { } entry) yield return entry;
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task<string> FileSha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static string Short(string sha) => sha[..12];

    public void Dispose() => _buildLock.Dispose();
}
