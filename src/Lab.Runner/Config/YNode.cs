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

    /// <summary>How much text the node stands for, aliases expanded: about the length of <see cref="ToFlow"/>.</summary>
    public abstract long Size { get; }

    public abstract string Describe();
}
