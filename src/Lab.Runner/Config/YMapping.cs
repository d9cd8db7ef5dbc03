using System.Text;

namespace Lab.Runner.Config;

/// <summary>A mapping, entries in file order.</summary>
internal sealed class YMapping(string source, int line, int column, IReadOnlyList<KeyValuePair<YScalar, YNode>> entries)
    : YNode(source, line, column)
{
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

    public override long Size { get; } = 1 + entries.Sum(e => e.Key.Size + e.Value.Size);

    public KeyValuePair<YScalar, YNode>? Find(string key)
    {
        foreach (var e in Entries)
            if (e.Key.Value == key) return e;
        return null;
    }

    public YMapping Without(string key) =>
        new(Source, Line, Column, Entries.Where(e => e.Key.Value != key).ToList());

    public override string ToFlow()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < Entries.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Entries[i].Key.Value).Append(": ").Append(Entries[i].Value.ToFlow());
        }
        return sb.Append('}').ToString();
    }

    public override string Describe() => $"a mapping {ConfigText.Shorten(ToFlow())}";
}
