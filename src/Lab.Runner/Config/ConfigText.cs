using System.Globalization;
using System.Text;

namespace Lab.Runner.Config;

/// <summary>
/// Text from a config as messages show it: control characters escaped (a name ending in a newline
/// shows as <c>'abc\n'</c>, an escape sequence cannot reach the terminal) and long values shortened,
/// so one message stays one readable line whatever the file holds.
/// </summary>
internal static class ConfigText
{
    /// <summary>Longest value a message shows whole; longer ones show their start and their length.</summary>
    public const int ShownLength = 60;

    /// <summary>The value in single quotes, escaped and shortened: 'abc\n', 'xxxx… (50,000,000 characters)'.</summary>
    public static string Quote(string value) => "'" + Shorten(value) + "'";

    /// <summary>Escaped, and cut to <see cref="ShownLength"/> characters with its length when longer.</summary>
    public static string Shorten(string value) =>
        value.Length <= ShownLength
            ? Escape(value)
            : Escape(value[..ShownLength]) + $"… ({Count(value.Length)} characters)";

    /// <summary>Control characters as \n, \t, \r or \u001b; everything else as it is.</summary>
    public static string Escape(string value)
    {
        if (!value.Any(IsControl)) return value;
        var sb = new StringBuilder(value.Length + 8);
        foreach (var ch in value)
            sb.Append(ch switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when IsControl(ch) => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        return sb.ToString();
    }

    /// <summary>A count as messages write it: 1,048,576.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count too large for a long, such as the weights of a hostile network.</summary>
    public static string Count(double n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>C0 and C1 control characters and DEL (what a terminal may act on).</summary>
    public static bool IsControl(char ch) => char.IsControl(ch);
}
