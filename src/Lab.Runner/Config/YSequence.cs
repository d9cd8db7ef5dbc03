namespace Lab.Runner.Config;

/// <summary>A sequence (block or flow), items in order.</summary>
internal sealed class YSequence(string source, int line, int column, IReadOnlyList<YNode> items)
    : YNode(source, line, column)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override long Size { get; } = 1 + items.Sum(i => i.Size);

    public override string ToFlow() => "[" + string.Join(", ", Items.Select(i => i.ToFlow())) + "]";

    public override string Describe() => $"a list {ConfigText.Shorten(ToFlow())}";
}
