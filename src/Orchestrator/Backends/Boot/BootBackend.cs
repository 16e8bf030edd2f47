using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Boot;

/// <summary>
/// The shape of every backend that boots a kernel image (vm, virtme): a batch of cells sharing a kernel is one boot. This
/// class owns the policy: tools missing make the batch <c>skipped</c>; the kernel is resolved (a download failure is an
/// infrastructure error); a kernel without MPTCP, or one the backend cannot boot, makes it <c>untestable</c> before any
/// boot; the accel is decided; then one boot, and each cell's report is checked (its sysctls applied) and mapped to a
/// status (<see cref="AgentVerdicts"/>). A backend says only what its tools are, what it cannot boot, and how it boots.
/// </summary>
internal abstract class BootBackend : IBackend
{
    private AccelSelector? _accel;

    protected BootBackend(VmBackendOptions? options)
    {
        Options = options ?? new VmBackendOptions();
        Qemu = new QemuRunner(Options.QemuBinary, Options.CacheDir);
    }

    /// <summary>What this backend boots with (memory, CPUs, mirrors, qemu binary).</summary>
    public VmBackendOptions Options { get; }

    protected QemuRunner Qemu { get; }

    public abstract string Name { get; }

    /// <summary>Why the last <c>auto</c> accel decision went the way it did.</summary>
    public string? AccelReason => _accel?.Reason;

    public abstract Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>The tools' versions, or what is missing to boot on this machine.</summary>
    protected abstract Task<BootTools> ToolsAsync(CancellationToken cancellationToken);

    /// <summary>Why this backend cannot boot <paramref name="image"/> for the batch (its cells are untestable), or null.</summary>
    protected abstract Task<string?> UnbootableAsync(BootBatch batch, KernelImage image, CancellationToken cancellationToken);

    /// <summary>
    /// Boots <paramref name="image"/> once for the batch, within <see cref="BootBatch.Budget"/>'s guest bound, and returns each
    /// cell's report; throws <see cref="InfrastructureException"/> when the boot failed or a cell's report did not come back.
    /// </summary>
    protected abstract Task<GuestRun> BootAsync(BootBatch batch, KernelImage image, BootFacts facts, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return [];
        var boot = new BootBatch(Name, batch, context);
        boot.ReportStage(CellStage.Preparing);
        var tools = await ToolsAsync(cancellationToken);
        if (tools.Missing is { } missing) return boot.Finish(CellStatus.Skipped, missing, new BootFacts());
        var facts = new BootFacts(QemuVersion: tools.QemuVersion, VirtmeVersion: tools.VirtmeVersion);
        PhaseTrace.Mark($"{boot.First.Id}: tools found");

        var image = await ResolveKernelAsync(boot, cancellationToken);
        facts = facts with { Image = image };
        PhaseTrace.Mark($"{boot.First.Id}: kernel resolved");
        if (!image.Mptcp.Testable) return boot.Finish(CellStatus.Untestable, image.Mptcp.Reason, facts);
        if (await UnbootableAsync(boot, image, cancellationToken) is { } unbootable) return boot.Finish(CellStatus.Untestable, unbootable, facts);

        facts = facts with { Accel = await ResolveAccelAsync(boot, image, cancellationToken) };
        PhaseTrace.Mark($"{boot.First.Id}: accel {facts.Accel} decided");
        var guest = await BootAsync(boot, image, facts, cancellationToken);
        facts = facts with { BootEntry = guest.BootEntry };
        if (guest.Failure is { } failure) return boot.Finish(failure.Status, failure.Reason, facts);

        var results = new List<CellResult>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var (cell, (report, where)) = (batch[i], guest.Reports[i]);
            AgentVerdicts.EnsureSysctlsApplied(cell, report, where, guest.ExitCode, guest.LogExcerpt);
            var (status, reason) = AgentVerdicts.ToCellStatus(report);
            results.Add(boot.Result(cell, status, reason, report, facts));
            context.ReportStage(cell.Id, CellStage.Done);
        }

        return results;
    }

    private async Task<KernelImage> ResolveKernelAsync(BootBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            var resolver = new KernelResolver(new KernelCache(batch.Context.CacheDir), new KernelFetchOptions(Options.Mirror,
                SecurityMirror: Options.SecurityMirror, MainlineUrl: Options.MainlineUrl, MainlineKeyring: Options.MainlineKeyring));
            return await resolver.ResolveAsync(batch.First.KernelSource, cancellationToken);
        }
        catch (Exception e) when (KernelFailures.IsKernelFailure(e))
        {
            throw KernelFailures.ToInfrastructure(batch.First, e);
        }
    }

    private async Task<string> ResolveAccelAsync(BootBatch batch, KernelImage image, CancellationToken cancellationToken)
    {
        _accel ??= new AccelSelector(Qemu, batch.Context.CacheDir);
        try
        {
            return await _accel.ResolveAsync(batch.First.Accel, image.Vmlinuz, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new InfrastructureException(batch.First.Id, e.Message, inner: e);
        }
    }
}
