namespace MptcpMatrix.Agent.Tests.Layout;

/// <summary>One value compared between C (an expression compiled against uapi headers) and C#.</summary>
internal sealed record LayoutRow(string Name, string C, long CSharp);
