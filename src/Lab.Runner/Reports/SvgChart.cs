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
    private readonly int _width, _height, _left, _right = 24, _top, _bottom = 52;
    private readonly (double Low, double High, double Step) _x, _y;
    private readonly string _xLabel, _yLabel, _title;
    private readonly string? _heading;
    private readonly StringBuilder _back = new(), _front = new();

    public SvgChart(int width, int height, (double Min, double Max) x, (double Min, double Max) y,
        string xLabel, string yLabel, string title, int left = 68, string? heading = null)
    {
        (_width, _height, _left, _heading) = (width, height, left, heading);
        _top = heading is null ? 16 : 66;
        _x = Svg.NiceScale(x.Min, x.Max, Math.Max(4, width / 120));
        _y = Svg.NiceScale(y.Min, y.Max, Math.Max(3, height / 70));
        (_xLabel, _yLabel, _title) = (xLabel, yLabel, title);
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

    /// <summary>A one-line legend between the heading and the plot area (charts with a heading only).</summary>
    public void Legend(IReadOnlyList<(string Text, string Colour, string Kind)> entries)
    {
        var x = (double)_left;
        const int y = 46;
        foreach (var (text, colour, kind) in entries)
        {
            _front.Append(kind == "dot"
                ? $"<circle cx=\"{Svg.N(x + 10)}\" cy=\"{y}\" r=\"4\" fill=\"{colour}\"/>"
                : $"<line x1=\"{Svg.N(x)}\" x2=\"{Svg.N(x + 20)}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"{(kind == "thin" ? 1 : 2.2)}\"/>");
            _front.Append($"<text x=\"{Svg.N(x + 26)}\" y=\"{y + 4}\" font-size=\"12\" fill=\"#222\">{Svg.Esc(text)}</text>\n");
            x += 26 + text.Length * 6.6 + 22;
        }
    }

    /// <summary>A grey note in the middle of the plot area (for "no data yet").</summary>
    public void Note(string text) =>
        _front.Append($"<text x=\"{Svg.N((_left + _width - _right) / 2.0)}\" y=\"{Svg.N((_top + _height - _bottom) / 2.0)}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#777\">{Svg.Esc(text)}</text>\n");

    public string Render(string? cssClass = null, bool standalone = false)
    {
        var sb = new StringBuilder();
        var ns = standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "";
        var cls = cssClass is null ? "" : $" class=\"{cssClass}\"";
        var size = standalone ? $" width=\"{_width}\" height=\"{_height}\"" : "";
        sb.Append($"<svg{ns}{cls} viewBox=\"0 0 {_width} {_height}\"{size} role=\"img\" aria-label=\"{Svg.Esc(_title)}\" {Font} font-size=\"12\">\n");
        sb.Append($"<title>{Svg.Esc(_title)}</title>\n");
        if (standalone) sb.Append($"<rect width=\"{_width}\" height=\"{_height}\" fill=\"#fff\"/>\n");
        if (_heading is not null) sb.Append($"<text x=\"{_left}\" y=\"24\" font-size=\"15\" font-weight=\"600\" fill=\"#111\">{Svg.Esc(_heading)}</text>\n");
        // grid and ticks
        foreach (var t in Svg.Ticks(_y))
        {
            var py = Svg.N(Py(t));
            sb.Append($"<line x1=\"{_left}\" x2=\"{_width - _right}\" y1=\"{py}\" y2=\"{py}\" stroke=\"#e4e4e4\"/>");
            sb.Append($"<text x=\"{_left - 6}\" y=\"{Svg.N(Py(t) + 4)}\" text-anchor=\"end\" fill=\"#333\">{Svg.Esc(Format.Tick(t))}</text>\n");
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
