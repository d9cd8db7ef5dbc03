using System.Reflection;

namespace Lab.Runner.Config;

/// <summary>One key of the config: a section (a nested record) or a leaf value.</summary>
internal sealed class SchemaNode
{
    public required string Key { get; init; }
    public required string Path { get; init; }
    public required PropertyInfo? Property { get; init; }
    public required Type Type { get; init; }
    public required ValueKind Kind { get; init; }
    public required bool Nullable { get; init; }
    public required SchemaNode? Parent { get; init; }
    public List<SchemaNode> Children { get; } = [];

    public bool IsSection => Kind == ValueKind.Section;

    public SchemaNode? Child(string key) => Children.FirstOrDefault(c => c.Key == key);

    public string KindText => Kind switch
    {
        ValueKind.Int or ValueKind.Long => "an integer",
        ValueKind.Double => "a number",
        ValueKind.Bool => "true or false",
        ValueKind.String or ValueKind.Word => "a string",
        ValueKind.IntList => "a list of integers",
        _ => "a mapping",
    };
}
