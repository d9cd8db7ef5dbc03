namespace Lab.Runner.Config;

/// <summary>
/// A config or grid that cannot be used, with every problem found in it (not only the first). The
/// message is for people, one problem per line, and is all the runner prints (exit code 2, no stack
/// trace). <see cref="File"/>, <see cref="Line"/>, <see cref="Column"/> and <see cref="Key"/> are
/// those of the first problem.
/// </summary>
internal sealed class ConfigException : Exception
{
    /// <summary>At most this many problems are listed in the message; the rest are counted.</summary>
    public const int MaxListed = 50;

    /// <param name="errors">At least one; they are listed in file order (sources in order of first
    /// appearance, then line and column).</param>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(Format(InFileOrder(errors)))
    {
        if (errors.Count == 0) throw new ArgumentException("a ConfigException needs at least one error", nameof(errors));
        Errors = InFileOrder(errors);
    }

    public ConfigException(ConfigError error) : this([error]) { }

    /// <summary>Every problem, in the order found (file order where possible).</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    public string File => Errors[0].Source;
    public int Line => Errors[0].Line;
    public int Column => Errors[0].Column;
    public string Key => Errors[0].Key;

    /// <summary>File order: sources in order of first appearance, then by line and column (stable).</summary>
    internal static List<ConfigError> InFileOrder(IEnumerable<ConfigError> errors)
    {
        var list = errors.ToList();
        var sourceRank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in list) sourceRank.TryAdd(e.Source, sourceRank.Count);
        return list.Select((e, i) => (e, i))
            .OrderBy(x => sourceRank[x.e.Source])
            .ThenBy(x => x.e.Line <= 0 ? int.MaxValue : x.e.Line)
            .ThenBy(x => x.e.Column)
            .ThenBy(x => x.i)
            .Select(x => x.e)
            .ToList();
    }

    private static string Format(IReadOnlyList<ConfigError> errors)
    {
        var lines = errors.Take(MaxListed).Select(e => e.ToString()).ToList();
        if (errors.Count > MaxListed) lines.Add($"... and {errors.Count - MaxListed} more problems");
        return string.Join("\n", lines);
    }
}
