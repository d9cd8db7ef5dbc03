using System.Globalization;
using System.Text;

namespace Lab.Runner.Reports;

/// <summary>
/// For a grid over exactly two keys: one cell per config, coloured by its IQM on a colour-blind-safe
/// sequential scale (viridis), with the IQM, its interval and the solved share written in the cell.
/// </summary>
internal static class GridHeatmap
{
    private const int Width = 1160, Left = 150, Top = 64, Right = 120, Bottom = 58, CellHeight = 62;

    /// <summary>viridis at 0, ¼, ½, ¾ and 1 (matplotlib's).</summary>
    private static readonly (int R, int G, int B)[] Stops = [(0x44, 0x01, 0x54), (0x3b, 0x52, 0x8b), (0x21, 0x91, 0x8c), (0x5e, 0xc9, 0x62), (0xfd, 0xe7, 0x25)];

    /// <summary>
    /// The two keys when the configs' params differ in exactly two keys (the seed and the variant's name aside) and no two configs
    /// share a cell; null otherwise (one key, three or more, or variants that differ in many keys).
    /// </summary>
    public static HeatmapAxes? Axes(ReportSummary summary)
    {
        var configs = summary.Configs.Where(c => c.Trials.Count > 0).ToList();
        if (configs.Count < 2) return null;
        var parameters = configs.Select(c => c.Trials[0].Params).ToList();
        // a variant's name is not an axis: variants that differ in one key would otherwise make a grid of two
        var keys = parameters.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal).Where(k => k is not ("seed" or "variant"))
            .Where(k => parameters.Select(p => p.GetValueOrDefault(k)).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal).ToList();
        if (keys.Count != 2 || parameters.Any(p => !p.ContainsKey(keys[0]) || !p.ContainsKey(keys[1]))) return null;
        var values = keys.Select(k => AxisOrder(parameters.Select(p => p[k]).Distinct().ToList())).ToList();
        // the key with more values runs across, where there is more room
        var (row, column) = values[1].Count >= values[0].Count ? (0, 1) : (1, 0);
        var cells = new Dictionary<(string, string), ConfigSummary>();
        for (var i = 0; i < configs.Count; i++)
            if (!cells.TryAdd((parameters[i][keys[row]], parameters[i][keys[column]]), configs[i])) return null;
        return new HeatmapAxes(keys[row], values[row], keys[column], values[column], cells);
    }

    /// <summary>Numbers in numeric order, anything else in ordinal order.</summary>
    private static List<string> AxisOrder(List<string> values) =>
        values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? [.. values.OrderBy(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : [.. values.Order(StringComparer.Ordinal)];

    public static string Render(ReportSummary summary, HeatmapAxes axes)
    {
        var caps = summary.Configs.SelectMany(c => c.Protocol.Caps).ToList();
        var iqms = summary.Configs.Select(c => c.Iqm).Where(double.IsFinite).ToList();
        // a fixed scale where returns are known to lie in [0, cap]: the colour of a score does not depend on the other cells
        var known = caps.Count > 0 && summary.Configs.All(c => SolveRule.Preset(c.Env) is not null);
        var (low, high) = known ? (0.0, (double)caps.Max()) : (iqms.Count > 0 ? iqms.Min() : 0, iqms.Count > 0 ? iqms.Max() : 1);
        if (high <= low) high = low + 1;

        var cellWidth = (Width - Left - Right) / (double)axes.ColumnValues.Count;
        var height = Top + axes.RowValues.Count * CellHeight + Bottom;
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"IQM by {Svg.Esc(axes.RowKey)} and {Svg.Esc(axes.ColumnKey)}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.Append($"<title>IQM of the final scores by {Svg.Esc(axes.RowKey)} and {Svg.Esc(axes.ColumnKey)}</title>\n<rect width=\"{Width}\" height=\"{height}\" fill=\"#fff\"/>\n");
        sb.Append($"<text x=\"{Left}\" y=\"24\" font-size=\"15\" font-weight=\"600\" fill=\"#111\">IQM of the final scores: {Svg.Esc(axes.RowKey)} × {Svg.Esc(axes.ColumnKey)}</text>\n");
        sb.Append($"<text x=\"{Svg.N(Left + (Width - Left - Right) / 2.0)}\" y=\"{Top - 10}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">{Svg.Esc(axes.ColumnKey)}</text>\n");
        sb.Append($"<text transform=\"translate(18,{Svg.N(Top + axes.RowValues.Count * CellHeight / 2.0)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">{Svg.Esc(axes.RowKey)}</text>\n");
        for (var r = 0; r < axes.RowValues.Count; r++)
        {
            var y = Top + r * CellHeight;
            sb.Append($"<text x=\"{Left - 10}\" y=\"{Svg.N(y + CellHeight / 2.0 + 4)}\" text-anchor=\"end\" fill=\"#222\">{Svg.Esc(Svg.Shorten(axes.RowValues[r], 18))}</text>\n");
            for (var k = 0; k < axes.ColumnValues.Count; k++)
            {
                var x = Left + k * cellWidth;
                if (r == 0)
                    sb.Append($"<text x=\"{Svg.N(x + cellWidth / 2)}\" y=\"{Top + axes.RowValues.Count * CellHeight + 18}\" text-anchor=\"middle\" fill=\"#222\">{Svg.Esc(Svg.Shorten(axes.ColumnValues[k], (int)(cellWidth / 7)))}</text>\n");
                if (!axes.Cells.TryGetValue((axes.RowValues[r], axes.ColumnValues[k]), out var c) || c.Seeds == 0)
                {
                    sb.Append($"<rect x=\"{Svg.N(x + 1)}\" y=\"{y + 1}\" width=\"{Svg.N(cellWidth - 2)}\" height=\"{CellHeight - 2}\" fill=\"#eee\"/>");
                    sb.Append($"<text x=\"{Svg.N(x + cellWidth / 2)}\" y=\"{Svg.N(y + CellHeight / 2.0 + 4)}\" text-anchor=\"middle\" fill=\"#777\" font-style=\"italic\">{(c is null ? "not in the grid" : "no scored seeds")}</text>\n");
                    continue;
                }
                var t = Math.Clamp((c.Iqm - low) / (high - low), 0, 1);
                var (fill, ink) = (Colour(t), t > 0.62 ? "#111" : "#fff");
                sb.Append($"<g class=\"cell\" data-config=\"{Svg.Esc(c.Label)}\"><rect x=\"{Svg.N(x + 1)}\" y=\"{y + 1}\" width=\"{Svg.N(cellWidth - 2)}\" height=\"{CellHeight - 2}\" fill=\"{fill}\"/>");
                sb.Append($"<title>{Svg.Esc(Format.Label(c.Label))}: IQM {Format.Score(c.Iqm)} {Format.Ci(c.IqmCi)}, solved {Svg.Esc(Format.Solved(c))}, {c.Seeds} seeds</title>");
                var cx = Svg.N(x + cellWidth / 2);
                sb.Append($"<text x=\"{cx}\" y=\"{y + 22}\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\" fill=\"{ink}\">{Format.Score(c.Iqm)}</text>");
                sb.Append($"<text x=\"{cx}\" y=\"{y + 38}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{ink}\">{Svg.Esc(Format.Ci(c.IqmCi))}</text>");
                sb.Append($"<text x=\"{cx}\" y=\"{y + 53}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{ink}\">solved {c.Solved}/{c.Seeds}</text></g>\n");
            }
        }
        // the colour scale
        var barX = Width - Right + 40;
        const int barWidth = 16;
        var barHeight = axes.RowValues.Count * CellHeight;
        for (var i = 0; i < 20; i++)
            sb.Append($"<rect x=\"{barX}\" y=\"{Svg.N(Top + barHeight * (19 - i) / 20.0)}\" width=\"{barWidth}\" height=\"{Svg.N(barHeight / 20.0 + 0.5)}\" fill=\"{Colour((i + 0.5) / 20)}\"/>");
        sb.Append($"<text x=\"{barX + barWidth + 6}\" y=\"{Top + 10}\" fill=\"#333\">{Svg.Esc(Format.Tick(high))}</text>");
        sb.Append($"<text x=\"{barX + barWidth + 6}\" y=\"{Top + barHeight}\" fill=\"#333\">{Svg.Esc(Format.Tick(low))}</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>viridis at <paramref name="t"/> in [0, 1], linear between its stops.</summary>
    public static string Colour(double t)
    {
        var position = Math.Clamp(t, 0, 1) * (Stops.Length - 1);
        var i = Math.Min((int)position, Stops.Length - 2);
        var f = position - i;
        int Mix(int a, int b) => (int)Math.Round(a + (b - a) * f);
        var (a0, b0) = (Stops[i], Stops[i + 1]);
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(a0.R, b0.R):x2}{Mix(a0.G, b0.G):x2}{Mix(a0.B, b0.B):x2}");
    }
}
