using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>
/// Reads the YAML event stream once, before YamlDotNet builds its node tree, and refuses what aliases can blow up.
/// YamlDotNet shares an aliased node instead of copying it, but it hashes and compares mapping keys structurally: a
/// 500-byte file with nine levels of nine aliases used as a complex key (<c>? *a9</c>) made <c>plan</c> hash 9^9 nodes
/// (31 s), one level more ran for minutes, and a key that contains an alias of itself overflowed the stack. Here every
/// node counts once per place it appears once aliases are expanded, so the bounds hold in every position (value,
/// list item, key), and each error names the alias (or node) where the bound was crossed, not the anchor.
/// </summary>
internal static class YamlExpansionGuard
{
    /// <summary>Alias uses in one file; a matrix needs a handful.</summary>
    public const int MaxAliases = 1_000;

    /// <summary>Nodes of the document with every alias expanded; a large matrix.yml has a few hundred.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Adds an error to <paramref name="reader"/> for each refused construct; false when there was any.</summary>
    /// <exception cref="YamlException">The text is not YAML (the caller reports it as it does for the node tree).</exception>
    public static bool Check(string yaml, YamlReader reader)
    {
        var before = reader.Errors.Count;
        var parser = new Parser(new StringReader(yaml));
        var frames = new Stack<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    anchors.Clear();
                    break;
                case AnchorAlias alias:
                {
                    var name = alias.Value.Value;
                    var at = Mark(alias.Start);
                    var isKey = StartChild(frames);
                    if (++aliases > MaxAliases)
                    {
                        reader.Error(at, $"alias *{name}: more than {MaxAliases} aliases in one file; write the values out instead");
                        return false;
                    }

                    if (open.Contains(name))
                    {
                        reader.Error(at, $"alias *{name} is inside the node it refers to (a cycle); an alias can only repeat a node that is already complete");
                        return false;
                    }

                    // An unknown anchor counts as one node here; the node tree reports it with its position.
                    var size = anchors.GetValueOrDefault(name, 1);
                    total += size;
                    if (total > MaxNodes)
                    {
                        reader.Error(at, $"alias *{name} repeats {size} nodes, and with it the file holds more than {MaxNodes} nodes once aliases are " +
                            "expanded (nested aliases multiply); write the values out or use fewer aliases");
                        return false;
                    }

                    if (isKey) reader.Error(at, $"a mapping key must be a plain string, not an alias (*{name})");
                    EndChild(frames, size);
                    break;
                }

                case Scalar scalar:
                {
                    StartChild(frames);
                    if (++total > MaxNodes) return TooMany(reader, scalar);
                    if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = 1;
                    EndChild(frames, 1);
                    break;
                }

                case SequenceStart or MappingStart:
                {
                    var node = (NodeEvent)parser.Current;
                    if (StartChild(frames))
                        reader.Error(Mark(node.Start), $"a mapping key must be a plain string, not a {(node is MappingStart ? "mapping" : "list")}");
                    if (++total > MaxNodes) return TooMany(reader, node);
                    var anchor = node.Anchor.IsEmpty ? null : node.Anchor.Value;
                    if (anchor is not null) open.Add(anchor);
                    frames.Push(new Frame(node is MappingStart, anchor));
                    break;
                }

                case SequenceEnd or MappingEnd:
                {
                    var frame = frames.Pop();
                    if (frame.Anchor is not null)
                    {
                        anchors[frame.Anchor] = frame.Nodes;
                        open.Remove(frame.Anchor);
                    }

                    EndChild(frames, frame.Nodes);
                    break;
                }
            }
        }

        return reader.Errors.Count == before;
    }

    private static bool TooMany(YamlReader reader, NodeEvent node)
    {
        reader.Error(Mark(node.Start), $"the file holds more than {MaxNodes} nodes; a matrix needs a few hundred");
        return false;
    }

    /// <summary>Counts a new child of the innermost collection; true when that child is a mapping key.</summary>
    private static bool StartChild(Stack<Frame> frames)
    {
        if (frames.Count == 0) return false;
        var parent = frames.Peek();
        return parent.Mapping && parent.Children++ % 2 == 0;
    }

    private static void EndChild(Stack<Frame> frames, long nodes)
    {
        if (frames.Count > 0) frames.Peek().Nodes += nodes;
    }

    private static SourceMark Mark(Mark mark) => new((int)mark.Line, (int)mark.Column);

    /// <summary>An open sequence or mapping: its expanded size so far and how many children it has.</summary>
    private sealed class Frame(bool mapping, string? anchor)
    {
        public bool Mapping { get; } = mapping;
        public string? Anchor { get; } = anchor;
        public long Nodes { get; set; } = 1;
        public int Children { get; set; }
    }
}
