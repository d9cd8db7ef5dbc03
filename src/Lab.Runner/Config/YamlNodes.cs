using System.Text;

namespace Lab.Runner.Config;

// The YAML the config code works on: a small tree in which every node remembers the file (or
// "--set") it came from and its 1-based line and column, so an error can point at it. Line 0 means
// "no position" (values given on the command line).

/// <summary>A YAML node with its origin.</summary>
internal abstract class YNode(string source, int line, int column)
{
    public string Source { get; } = source;
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>The node as YAML flow text, for messages and labels: "abc", "[64, 64]", "{mode: steps}".</summary>
    public abstract string ToFlow();

    public abstract string Describe();
}

internal sealed class YScalar(string source, int line, int column, string value, bool plain)
    : YNode(source, line, column)
{
    public string Value { get; } = value;

    /// <summary>Plain (unquoted) scalars may mean null, numbers or booleans; quoted ones are strings.</summary>
    public bool Plain { get; } = plain;

    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string ToFlow() => IsNull ? "null" : Value;

    public override string Describe() => IsNull ? "null" : $"'{Value}'";
}

internal sealed class YSequence(string source, int line, int column, IReadOnlyList<YNode> items)
    : YNode(source, line, column)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string ToFlow() => "[" + string.Join(", ", Items.Select(i => i.ToFlow())) + "]";

    public override string Describe() => $"a list {ToFlow()}";
}

internal sealed class YMapping(string source, int line, int column, IReadOnlyList<KeyValuePair<YScalar, YNode>> entries)
    : YNode(source, line, column)
{
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

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

    public override string Describe() => $"a mapping {ToFlow()}";
}
