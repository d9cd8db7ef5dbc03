namespace Lab.Runner.Config;

/// <summary>
/// A config or grid that cannot be used, with every problem found in it (not only the first). The
/// message is for people, one problem per line, and is all the runner prints (exit code 2, no stack
/// trace). <see cref="File"/>, <see cref="Line"/>, <see cref="Column"/> and <see cref="Key"/> are
/// those of the first problem.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>At most this many problems are listed in the message; the rest are counted.</summary>
    public const int MaxListed = 50;

    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(Format(errors))
    {
        if (errors.Count == 0) throw new ArgumentException("a ConfigException needs at least one error", nameof(errors));
        Errors = errors;
    }

    public ConfigException(ConfigError error) : this([error]) { }

    /// <summary>Every problem, in the order found (file order where possible).</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    public string File => Errors[0].Source;
    public int Line => Errors[0].Line;
    public int Column => Errors[0].Column;
    public string Key => Errors[0].Key;

    private static string Format(IReadOnlyList<ConfigError> errors)
    {
        var lines = errors.Take(MaxListed).Select(e => e.ToString()).ToList();
        if (errors.Count > MaxListed) lines.Add($"... and {errors.Count - MaxListed} more problems");
        return string.Join("\n", lines);
    }
}
