namespace Lab.Runner.Config;

/// <summary>A scalar: its text as written, and whether it was plain (unquoted).</summary>
internal sealed class YScalar(string source, int line, int column, string value, bool plain)
    : YNode(source, line, column)
{
    public string Value { get; } = value;

    /// <summary>Plain (unquoted) scalars may mean null, numbers or booleans; quoted ones are strings.</summary>
    public bool Plain { get; } = plain;

    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override long Size => Value.Length + 1;

    public override string ToFlow() => IsNull ? "null" : Value;

    public override string Describe() => IsNull ? "null" : ConfigText.Quote(Value);
}
