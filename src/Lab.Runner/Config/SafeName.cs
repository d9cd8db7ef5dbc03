namespace Lab.Runner.Config;

/// <summary>
/// The one rule for names that become folder names: a config's or grid's name (results/&lt;name&gt;/)
/// and a variant's name (the start of its trial ids).
/// </summary>
internal static class SafeName
{
    /// <summary>Longest name: a folder name may have 255 bytes, and a trial id adds its seed and hash.</summary>
    public const int MaxLength = 100;

    /// <summary>What the rule asks, as messages say it after "must".</summary>
    public const string Rule = "start with a letter or digit, hold only letters, digits, '.', '_' and '-', and have at most 100 characters";

    /// <summary>Whether <paramref name="name"/> keeps the rule (ASCII letters and digits only).</summary>
    public static bool IsSafe(string name) =>
        name.Length is > 0 and <= MaxLength && char.IsAsciiLetterOrDigit(name[0])
                                             && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-');
}
