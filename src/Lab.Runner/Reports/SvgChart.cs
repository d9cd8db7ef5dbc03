using System.Text;

namespace Lab.Runner.Reports;

/// <summary>
/// An x/y chart as inline SVG: axes with nice ticks and grid lines, labels, shaded bands, lines and
/// points. Text is escaped; styling is in attributes, so the SVG looks the same inside report.html
/// and as a file of its own.
/// </summary>
internal sealed class SvgChart
{
    private const string Font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\"";
    private const int LegendRowHeight = 18;
    private const int DefaultLeft = 68, Right = 24;
    private readonly int _width, _height, _left, _right = Right, _top, _bottom = 52;
    private readonly (double Low, double High, double Step) _x, _y;
    private readonly string _xLabel, _yLabel, _title;
    private readonly IReadOnlyList<string> _heading;
    private readonly int _headingSize;
    private readonly IReadOnlyList<LegendEntry> _legend;
    private readonly Func<double, string> _yTick;
    private readonly StringBuilder _back = new(), _front = new();

    /// <param name="heading">A title drawn at the top of the chart itself (for charts that stand alone).</param>
    /// <param name="legend">Entries drawn between the heading and the plot area, wrapped onto as many rows as they need.</param>
    /// <param name="yScale">The y axis as (low, high, step) instead of nice bounds around <paramref name="y"/> (a log axis in whole powers of ten).</param>
    /// <param name="yTick">How a y tick value is labelled; <see cref="Format.Tick"/> by default.</param>
    public SvgChart(int width, int height, (double Min, double Max) x, (double Min, double Max) y,
        string xLabel, string yLabel, string title, int left = DefaultLeft, string? heading = null,
        IReadOnlyList<LegendEntry>? legend = null, (double Low, double High, double Step)? yScale = null, Func<double, string>? yTick = null,
        int headingSize = 15)
    {
        (_width, _height, _left, _headingSize) = (width, height, left, headingSize);
        // about 0.55 em per character of the bold system font; a heading too long for one line takes two
        _heading = heading is null ? [] : Wrap(heading, (int)((width - left - 8) / (headingSize * 0.55)));
        _legend = legend ?? [];
        _yTick = yTick ?? Format.Tick;
        _top = HeadingBottom + LegendHeight(_legend, width - left - _right);
        _x = Svg.NiceScale(x.Min, x.Max, Math.Max(4, width / 120));
        _y = yScale ?? Svg.NiceScale(y.Min, y.Max, Math.Max(3, (height - _top) / 70));
        (_xLabel, _yLabel, _title) = (xLabel, yLabel, title);
    }

    private int HeadingBottom => _heading.Count == 0 ? 16 : 24 + 16 * _heading.Count;

    /// <summary>One line, or two split at a space (the second shortened if it is still too long).</summary>
    private static List<string> Wrap(string text, int maxChars)
    {
        if (text.Length <= maxChars || maxChars < 8) return [text];
        var cut = text.LastIndexOf(' ', maxChars);
        if (cut <= 0) cut = maxChars;
        return [text[..cut], Svg.Shorten(text[cut..].TrimStart(), maxChars)];
    }

    /// <summary>The plot area's width in a chart <paramref name="width"/> wide with the default margins.</summary>
    public static int PlotWidth(int width, int left = DefaultLeft) => width - left - Right;

    public int Width => _width;

    public int Height => _height;

    /// <summary>The height a legend of <paramref name="entries"/> takes in a plot area <paramref name="plotWidth"/> wide (to grow a chart by it).</summary>
    public static int LegendHeight(IReadOnlyList<LegendEntry> entries, double plotWidth) =>
        entries.Count == 0 ? 0 : LegendRows(entries, plotWidth) * LegendRowHeight + 8;

    private static double EntryWidth(LegendEntry e) => 26 + e.Text.Length * 6.6 + 18;

    private static int LegendRows(IReadOnlyList<LegendEntry> entries, double width)
    {
        if (entries.Count == 0) return 0;
        var (rows, x) = (1, 0.0);
        foreach (var e in entries)
        {
            if (x > 0 && x + EntryWidth(e) > width) (rows, x) = (rows + 1, 0);
            x += EntryWidth(e);
        }
        return rows;
    }

    private double Px(double x) => _left + (x - _x.Low) / (_x.High - _x.Low) * (_width - _left - _right);
    private double Py(double y) => _height - _bottom - (y - _y.Low) / (_y.High - _y.Low) * (_height - _top - _bottom);
    private double ClampY(double y) => Math.Clamp(y, _y.Low, _y.High);

    /// <summary>The band between Low and High of points that have one (more than one seed).</summary>
    public void Band(IReadOnlyList<CurvePoint> points, string colour, string cssClass, string title)
    {
        var runs = new List<List<CurvePoint>>();
        List<CurvePoint>? run = null;
        foreach (var p in points)
        {
            if (p.Seeds < 2 || !double.IsFinite(p.Low) || !double.IsFinite(p.High)) { run = null; continue; }
            if (run is null) runs.Add(run = []);
            run.Add(p);
        }
        foreach (var r in runs.Where(r => r.Count > 1))
        {
            var d = new StringBuilder();
            for (var i = 0; i < r.Count; i++) d.Append(i == 0 ? "M" : "L").Append(Svg.N(Px(r[i].X))).Append(',').Append(Svg.N(Py(ClampY(r[i].High))));
            for (var i = r.Count - 1; i >= 0; i--) d.Append('L').Append(Svg.N(Px(r[i].X))).Append(',').Append(Svg.N(Py(ClampY(r[i].Low))));
            d.Append('Z');
            _back.Append($"<path class=\"{cssClass}\" d=\"{d}\" fill=\"{colour}\" fill-opacity=\"0.16\" stroke=\"none\"><title>{Svg.Esc(title)}</title></path>\n");
        }
    }

    /// <summary>A polyline through the points (with one point: a dot).</summary>
    public void Line(IReadOnlyList<(double X, double Y)> points, string colour, string? dash, string cssClass,
        string dataLabel, string title, double strokeWidth = 2.2, double opacity = 1)
    {
        if (points.Count == 0) return;
        if (points.Count == 1)
        {
            Dot(points[0].X, points[0].Y, colour, 4, title, cssClass, dataLabel);
            return;
        }
        var d = new StringBuilder();
        for (var i = 0; i < points.Count; i++) d.Append(i == 0 ? "M" : "L").Append(Svg.N(Px(points[i].X))).Append(',').Append(Svg.N(Py(ClampY(points[i].Y))));
        var dashAttr = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        _front.Append($"<path class=\"{cssClass}\" data-config=\"{Svg.Esc(dataLabel)}\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{Svg.N(strokeWidth)}\" stroke-opacity=\"{Svg.N(opacity)}\" stroke-linejoin=\"round\"{dashAttr}><title>{Svg.Esc(title)}</title></path>\n");
    }

    public void Dot(double x, double y, string colour, double radius, string title, string cssClass = "point", string? dataLabel = null)
    {
        var data = dataLabel is null ? "" : $" data-config=\"{Svg.Esc(dataLabel)}\"";
        _front.Append($"<circle class=\"{cssClass}\"{data} cx=\"{Svg.N(Px(x))}\" cy=\"{Svg.N(Py(ClampY(y)))}\" r=\"{Svg.N(radius)}\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"0.8\"><title>{Svg.Esc(title)}</title></circle>\n");
    }

    /// <summary>A vertical whisker from y0 to y1 at x.</summary>
    public void Whisker(double x, double y0, double y1, string colour)
    {
        if (!double.IsFinite(y0) || !double.IsFinite(y1)) return;
        _front.Append($"<line x1=\"{Svg.N(Px(x))}\" x2=\"{Svg.N(Px(x))}\" y1=\"{Svg.N(Py(ClampY(y0)))}\" y2=\"{Svg.N(Py(ClampY(y1)))}\" stroke=\"{colour}\" stroke-width=\"1.2\" stroke-opacity=\"0.8\"/>\n");
    }

    /// <summary>A dashed horizontal reference line with a label at its right end.</summary>
    public void HorizontalRule(double y, string text)
    {
        if (y < _y.Low || y > _y.High) return;
        var py = Svg.N(Py(y));
        _back.Append($"<line x1=\"{_left}\" x2=\"{_width - _right}\" y1=\"{py}\" y2=\"{py}\" stroke=\"#444\" stroke-width=\"1\" stroke-dasharray=\"5 4\"/>\n");
        _front.Append($"<text x=\"{_left + 8}\" y=\"{Svg.N(Py(y) - 5)}\" font-size=\"11\" fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{Svg.Esc(text)}</text>\n");
    }

    /// <summary>A grey note in the middle of the plot area (for "no data yet").</summary>
    public void Note(string text) =>
        _front.Append($"<text x=\"{Svg.N((_left + _width - _right) / 2.0)}\" y=\"{Svg.N((_top + _height - _bottom) / 2.0)}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#777\">{Svg.Esc(text)}</text>\n");

    private void AppendLegend(StringBuilder sb)
    {
        var x = 0.0;
        var y = HeadingBottom + LegendRowHeight / 2.0;
        var width = _width - _left - _right;
        foreach (var e in _legend)
        {
            if (x > 0 && x + EntryWidth(e) > width) (x, y) = (0, y + LegendRowHeight);
            var px = _left + x;
            var dash = e.Dash is null ? "" : $" stroke-dasharray=\"{e.Dash}\"";
            sb.Append(e.Kind == "dot"
                ? $"<circle cx=\"{Svg.N(px + 10)}\" cy=\"{Svg.N(y)}\" r=\"4\" fill=\"{e.Colour}\"/>"
                : $"<line x1=\"{Svg.N(px)}\" x2=\"{Svg.N(px + 20)}\" y1=\"{Svg.N(y)}\" y2=\"{Svg.N(y)}\" stroke=\"{e.Colour}\" stroke-width=\"{(e.Kind == "thin" ? 1 : 2.6)}\"{dash}/>");
            sb.Append($"<text x=\"{Svg.N(px + 26)}\" y=\"{Svg.N(y + 4)}\" font-size=\"12\" fill=\"#222\">{Svg.Esc(e.Text)}</text>\n");
            x += EntryWidth(e);
        }
    }

    /// <summary>The chart as an &lt;svg&gt; element.</summary>
    /// <param name="standalone">A file of its own: the SVG namespace, a size and a white background.</param>
    /// <param name="at">A panel of a larger SVG: placed at this offset in its parent.</param>
    public string Render(string? cssClass = null, bool standalone = false, (double X, double Y)? at = null)
    {
        var sb = new StringBuilder();
        var ns = standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "";
        var cls = cssClass is null ? "" : $" class=\"{cssClass}\"";
        var place = at is { } p ? $" x=\"{Svg.N(p.X)}\" y=\"{Svg.N(p.Y)}\"" : "";
        var size = standalone || at is not null ? $" width=\"{_width}\" height=\"{_height}\"" : "";
        sb.Append($"<svg{ns}{cls}{place} viewBox=\"0 0 {_width} {_height}\"{size} role=\"img\" aria-label=\"{Svg.Esc(_title)}\" {Font} font-size=\"12\">\n");
        sb.Append($"<title>{Svg.Esc(_title)}</title>\n");
        if (standalone) sb.Append($"<rect width=\"{_width}\" height=\"{_height}\" fill=\"#fff\"/>\n");
        for (var i = 0; i < _heading.Count; i++)
            sb.Append($"<text x=\"{_left}\" y=\"{24 + 16 * i}\" font-size=\"{_headingSize}\" font-weight=\"600\" fill=\"#111\">{Svg.Esc(_heading[i])}</text>\n");
        AppendLegend(sb);
        // grid and ticks
        foreach (var t in Svg.Ticks(_y))
        {
            var py = Svg.N(Py(t));
            sb.Append($"<line x1=\"{_left}\" x2=\"{_width - _right}\" y1=\"{py}\" y2=\"{py}\" stroke=\"#e4e4e4\"/>");
            sb.Append($"<text x=\"{_left - 6}\" y=\"{Svg.N(Py(t) + 4)}\" text-anchor=\"end\" fill=\"#333\">{Svg.Esc(_yTick(t))}</text>\n");
        }
        foreach (var t in Svg.Ticks(_x))
        {
            var px = Svg.N(Px(t));
            sb.Append($"<line x1=\"{px}\" x2=\"{px}\" y1=\"{_top}\" y2=\"{_height - _bottom}\" stroke=\"#f0f0f0\"/>");
            sb.Append($"<line x1=\"{px}\" x2=\"{px}\" y1=\"{_height - _bottom}\" y2=\"{_height - _bottom + 5}\" stroke=\"#333\"/>");
            sb.Append($"<text x=\"{px}\" y=\"{_height - _bottom + 19}\" text-anchor=\"middle\" fill=\"#333\">{Svg.Esc(Format.Tick(t))}</text>\n");
        }
        sb.Append(_back);
        sb.Append(_front);
        // axes on top of the data
        sb.Append($"<line x1=\"{_left}\" x2=\"{_left}\" y1=\"{_top}\" y2=\"{_height - _bottom}\" stroke=\"#333\"/>");
        sb.Append($"<line x1=\"{_left}\" x2=\"{_width - _right}\" y1=\"{_height - _bottom}\" y2=\"{_height - _bottom}\" stroke=\"#333\"/>\n");
        sb.Append($"<text x=\"{Svg.N((_left + _width - _right) / 2.0)}\" y=\"{_height - 10}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">{Svg.Esc(_xLabel)}</text>\n");
        sb.Append($"<text transform=\"translate(16,{Svg.N((_top + _height - _bottom) / 2.0)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">{Svg.Esc(_yLabel)}</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
