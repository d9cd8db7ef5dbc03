namespace Lab.Runner.Config;

/// <summary>
/// The one rule for names that become folder names: a config's or grid's name (results/&lt;name&gt;/)
/// and a variant's name (the start of its trial ids).
/// </summary>
internal static class SafeName
{
    /// <summary>What the rule asks, as messages say it after "must".</summary>
    public const string Rule = "start with a letter or digit and hold only letters, digits, '.', '_' and '-'";

    /// <summary>Whether <paramref name="name"/> keeps the rule (ASCII letters and digits only).</summary>
    public static bool IsSafe(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0])
                        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-');
}
