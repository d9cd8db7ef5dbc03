using System.Globalization;
using System.Text;

namespace Lab.Runner.Progress;

/// <summary>
/// Progress lines that fit a width: a lead (who), an optional bar with its percentage, then fields in
/// order of importance, each kept whole or left out, so a line never needs wrapping and never ends
/// in half a number. Every character used takes one terminal cell.
/// </summary>
internal static class ProgressText
{
    private const int MinBar = 10;
    private const int MaxBar = 40;
    private const string Gap = "  ";

    public static string Bar(double fraction, int cells)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * cells);
        return new string('━', filled) + new string('─', cells - filled);
    }

    public static string Percent(double fraction) =>
        (Math.Floor(Math.Clamp(fraction, 0, 1) * 100)).ToString("0", CultureInfo.InvariantCulture).PadLeft(3) + "%";

    /// <summary>"0:07", "12:34", "1:02:03".</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1
            ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"
            : $"{t.Minutes}:{t.Seconds:00}";
    }

    public static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// A line of at most <paramref name="width"/> − 1 cells: the lead (shortened only when even the
    /// shortest bar would not fit beside it), the bar and percentage when <paramref name="fraction"/>
    /// is given, then as many of <paramref name="fields"/>, in order, as fit; room left over widens the bar.
    /// </summary>
    public static string Line(int width, string lead, double? fraction, IReadOnlyList<string> fields)
    {
        var room = Math.Max(1, width - 1);
        var barPart = fraction is null ? 0 : 1 + MinBar + 1 + 4; // " ━━━ 100%"
        lead = Shorten(lead, Math.Max(4, room - barPart));
        var used = lead.Length + barPart;
        var kept = new List<string>();
        foreach (var field in fields)
        {
            if (field.Length == 0) continue;
            if (used + Gap.Length + field.Length > room) break;
            kept.Add(field);
            used += Gap.Length + field.Length;
        }
        var line = new StringBuilder(lead);
        if (fraction is { } f)
        {
            var bar = Math.Min(MaxBar, MinBar + room - used);
            line.Append(' ').Append(Bar(f, bar)).Append(' ').Append(Percent(f));
        }
        foreach (var field in kept) line.Append(Gap).Append(field);
        return Shorten(line.ToString(), room);
    }

    public static string Shorten(string text, int cells) =>
        text.Length <= cells ? text : cells <= 1 ? text[..Math.Max(0, cells)] : text[..(cells - 1)] + "…";
}
