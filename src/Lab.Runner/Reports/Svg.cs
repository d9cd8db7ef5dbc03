using System.Globalization;
using System.Net;

namespace Lab.Runner.Reports;

/// <summary>Helpers shared by the SVG charts: escaping, number formatting, nice axis ticks, the palette.</summary>
internal static class Svg
{
    /// <summary>
    /// Okabe &amp; Ito's colour-blind-safe palette (Color Universal Design), ordered for contrast on
    /// white: blue, vermillion, bluish green, reddish purple, orange, sky blue, black. Its yellow is
    /// left out: thin yellow lines are hard to see on white.
    /// </summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    /// <summary>After the palette runs out, lines repeat its colours with these dash patterns.</summary>
    public static readonly string?[] Dashes = [null, "7 4", "2 3", "10 3 2 3"];

    public static string Colour(int index) => Palette[index % Palette.Length];

    public static string? Dash(int index) => Dashes[index / Palette.Length % Dashes.Length];

    /// <summary>Escapes text for HTML and XML content and attribute values (&amp; &lt; &gt; " ').</summary>
    public static string Esc(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"Nice" axis bounds and step (1, 2 or 5 × 10^k) covering [min, max] with about <paramref name="target"/> intervals.</summary>
    public static (double Low, double High, double Step) NiceScale(double min, double max, int target = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (max <= min) (min, max) = (min - Math.Max(1, Math.Abs(min) * 0.1), max + Math.Max(1, Math.Abs(max) * 0.1));
        var rough = (max - min) / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var normalized = rough / magnitude;
        var step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude;
        var low = Math.Floor(min / step + 1e-9) * step;
        var high = Math.Ceiling(max / step - 1e-9) * step;
        return (low, high, step);
    }

    public static IEnumerable<double> Ticks((double Low, double High, double Step) scale)
    {
        var count = (int)Math.Round((scale.High - scale.Low) / scale.Step);
        for (var i = 0; i <= count; i++) yield return scale.Low + i * scale.Step;
    }

    /// <summary>Shortens a label to about <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
