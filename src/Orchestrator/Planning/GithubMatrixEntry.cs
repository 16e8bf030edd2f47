namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>
/// One job of the GitHub matrix. <c>Cells</c> holds the space-separated cell ids the job runs (one <c>--cell</c> each, so the
/// job's <c>matrix run</c> batches them exactly as a local run does: one boot per kernel). Grouped by kernel, <c>Id</c> is the
/// kernel's name and <c>Backend</c> the backends among its cells; per cell, <c>Id</c> is the cell id and every axis is set.
/// </summary>
/// <param name="Id">The job's id: unique in the plan, used for the job name, its output directory and its artifact name.</param>
/// <param name="Kernel">The kernel's name in matrix.yml (the kernel cache is keyed by it).</param>
/// <param name="Backend">The backend, or the space-separated backends of a kernel group.</param>
/// <param name="Cells">Space-separated cell ids.</param>
/// <param name="Count">Number of cells in <c>Cells</c>.</param>
/// <param name="Family">Per cell only: the address family.</param>
/// <param name="Variant">Per cell only: the sysctl variant.</param>
/// <param name="Userspace">Per container cell only: the image variant.</param>
internal sealed record GithubMatrixEntry(
    string Id,
    string Kernel,
    string Backend,
    string Cells,
    int Count,
    string? Family = null,
    string? Variant = null,
    string? Userspace = null);
