using System.Globalization;
using System.Text;
using MptcpMatrix.Agent.Tests.Support;

namespace MptcpMatrix.Agent.Tests.Layout;

/// <summary>
/// Compiles a small C program that prints <c>name value</c> for each expression (sizeof, offsetof, constants)
/// against given uapi headers, runs it and returns the values. Temp files are removed; every step has a timeout.
/// </summary>
internal static class CProgram
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyDictionary<string, long>> EvaluateAsync(IReadOnlyList<string> includeDirs,
        IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> expressions, string declarations = "")
    {
        var dir = Directory.CreateTempSubdirectory("mm-layout-");
        try
        {
            var source = new StringBuilder("#define _GNU_SOURCE\n#include <stdio.h>\n#include <stddef.h>\n");
            foreach (var h in headers) source.Append("#include <").Append(h).Append(">\n");
            source.Append(declarations).Append("\nint main(void)\n{\n");
            foreach (var (name, expr) in expressions)
                source.Append(CultureInfo.InvariantCulture, $"\tprintf(\"%s %lld\\n\", \"{name}\", (long long)({expr}));\n");
            source.Append("\treturn 0;\n}\n");
            var c = Path.Combine(dir.FullName, "probe.c");
            var exe = Path.Combine(dir.FullName, "probe");
            await File.WriteAllTextAsync(c, source.ToString());

            var args = new List<string> { "-std=gnu11", "-Wall", "-Werror", "-o", exe, c };
            args.InsertRange(0, includeDirs.Select(d => "-I" + d));
            var cc = await Proc.RunAsync("gcc", args, Timeout);
            Assert.True(cc.ExitCode == 0, $"gcc failed ({cc.ExitCode}) with -I {string.Join(" -I ", includeDirs)}:\n{cc.StandardError}\n{source}");
            var run = await Proc.RunAsync(exe, [], Timeout);
            Assert.True(run.ExitCode == 0, $"the probe exited {run.ExitCode}: {run.StandardError}");

            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var space = line.LastIndexOf(' ');
                values[line[..space]] = long.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }

            Assert.Equal(expressions.Count, values.Count);
            return values;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
