using System.Globalization;
using System.Text.RegularExpressions;

namespace Lab.Runner.Config;

/// <summary>Config values as invariant text and back: what the writer prints, what params and ids hold.</summary>
internal static partial class ConfigValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Canonical text of a value: integers plain, doubles shortest round-trip with a ".0" when integral
    /// ("0.01", "1.0", "1e-07" — all YAML 1.2 floats), booleans "true"/"false", null "null", lists
    /// "[32, 16, 8, 4]", strings as they are, values of a closed vocabulary as their word ("CartPole-v1",
    /// "glorot_uniform").
    /// </summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int i => i.ToString(Invariant),
        long l => l.ToString(Invariant),
        double d => FormatDouble(d),
        string s => s,
        IEnumerable<int> list => "[" + string.Join(", ", list.Select(i => i.ToString(Invariant))) + "]",
        _ when ConfigVocabulary.TryWord(value, out var word) => word,
        _ => Convert.ToString(value, Invariant) ?? "",
    };

    public static string FormatDouble(double d)
    {
        var text = d.ToString("R", Invariant).Replace("E", "e", StringComparison.Ordinal);
        if (double.IsFinite(d) && !text.Contains('.') && !text.Contains('e')) text += ".0";
        return text;
    }

    /// <summary>A number as people wrote it in ranges and messages: "0", "1", "1.5", "1e-07".</summary>
    public static string Plain(double d) => d.ToString("R", Invariant).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>The value as YAML: like <see cref="Format"/>, but strings that YAML would read as
    /// something else (or that need escaping) are double-quoted.</summary>
    public static string ToYaml(object? value) =>
        value is string s ? QuoteIfNeeded(s)
        : value is not null && ConfigVocabulary.TryWord(value, out var word) ? QuoteIfNeeded(word)
        : Format(value);

    public static string QuoteIfNeeded(string s)
    {
        if (SafePlain().IsMatch(s) && !Reserved.Contains(s)) return s;
        var escaped = s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~", ".inf", ".nan",
    };

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-/]*$")]
    private static partial Regex SafePlain();

    /// <summary>An integer as YAML people write it: "10000", "10_000", "+5", or a float that is whole ("5e4", "500.0").</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        var t = StripDigitGroups(text.Trim());
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, Invariant, out value)) return true;
        if (double.TryParse(t, NumberStyles.Float, Invariant, out var d) && double.IsFinite(d) && Math.Floor(d) == d
            && d >= long.MinValue && d <= long.MaxValue && LooksNumeric(t))
        {
            value = (long)d;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>A finite number: "0.99", "1e-4", "2.3e-3", "10_000".</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        var t = StripDigitGroups(text.Trim());
        if (LooksNumeric(t) && double.TryParse(t, NumberStyles.Float, Invariant, out value) && double.IsFinite(value))
            return true;
        value = 0;
        return false;
    }

    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool LooksNumeric(string t) => NumericText().IsMatch(t);

    private static string StripDigitGroups(string t) => DigitGroups().IsMatch(t) ? t.Replace("_", "", StringComparison.Ordinal) : t;

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumericText();

    [GeneratedRegex(@"^[-+]?[0-9]+(_[0-9]+)+(\.[0-9]*)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex DigitGroups();
}
