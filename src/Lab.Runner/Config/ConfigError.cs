namespace Lab.Runner.Config;

/// <summary>
/// One problem in a config or grid, where a person can find it: <c>experiments/x.yaml:12:5: gamma: 1.5 is
/// outside [0, 1]</c>. <see cref="Source"/> is the file as the user named it (bases relative to it),
/// or "--set" for command-line overrides; <see cref="Line"/> and <see cref="Column"/> are 1-based and
/// 0 when there is no position (a missing file, a --set value, a default).
/// </summary>
/// <param name="Source">The file (as the user named it) or "--set".</param>
/// <param name="Line">1-based line; 0 = no position.</param>
/// <param name="Column">1-based column; 0 = no position.</param>
/// <param name="Key">The dotted config key ("epsilon.min"), or "" when the problem is not about one key.</param>
/// <param name="Message">What is wrong, for people: "1.5 is outside [0, 1]".</param>
internal sealed record ConfigError(string Source, int Line, int Column, string Key, string Message)
{
    /// <summary>"file:line:col: key: message", leaving out the parts that are unknown; a message about
    /// the whole file that already starts with its name is shown as it is. Always one line: control
    /// characters are escaped, and a key too long to read is shortened.</summary>
    public override string ToString()
    {
        var message = ConfigText.Escape(Message);
        var source = ConfigText.Escape(Source);
        if (Line <= 0 && Key.Length == 0 && message.StartsWith(source + " ", StringComparison.Ordinal)) return message;
        var where = Line > 0 ? $"{source}:{Line}:{Column}" : source;
        return Key.Length > 0 ? $"{where}: {ConfigText.Shorten(Key)}: {message}" : $"{where}: {message}";
    }
}
