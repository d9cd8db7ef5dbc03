using System.Globalization;
using System.Text;

namespace Lab.Runner.Reports;

/// <summary>
/// Final scores per config as a strip plot: one row per config (table order), one dot per seed,
/// a black tick at the IQM and a black whisker for its 95% bootstrap interval, a dashed line at the
/// solve threshold.
/// </summary>
internal static class ScorePlot
{
    private const int Width = 1160, RowHeight = 34, Top = 30, Bottom = 52, Right = 24;

    public static string Render(ReportSummary summary, Func<string, int> colourIndex)
    {
        var configs = summary.Configs;
        var scores = configs.SelectMany(c => c.Scores).ToList();
        var thresholds = configs.Select(c => c.Threshold).Where(t => t is not null).Distinct().ToList();
        double? threshold = thresholds.Count == 1 ? thresholds[0] : null;
        // the axis spans the data (and the threshold), not necessarily 0: seeds often bunch near the cap
        var lows = scores.Concat(configs.Select(c => c.IqmCi.Low)).Where(double.IsFinite).ToList();
        var highs = scores.Concat(configs.Select(c => c.IqmCi.High)).Where(double.IsFinite).ToList();
        var min = lows.Count > 0 ? lows.Min() : 0;
        var max = highs.Count > 0 ? highs.Max() : 1;
        if (threshold is double t0) (min, max) = (Math.Min(min, t0), Math.Max(max, t0));
        // never zoom in so far that tiny differences look large: the axis spans at least 20% of the largest magnitude
        var span = 0.2 * Math.Max(1, Math.Max(Math.Abs(min), Math.Abs(max)));
        if (max - min < span) min = max - span;
        var pad = Math.Max(1, (max - min) * 0.03);
        // no pad above (seeds at the cap sit on the axis end), and none below 0 when no score is negative
        min = min >= 0 ? Math.Max(0, min - pad) : min - pad;
        var x = Svg.NiceScale(min, max, 10);
        var longest = configs.Count == 0 ? 10 : configs.Max(c => Format.Label(c.Label).Length);
        var left = (int)Math.Clamp(longest * 7.2 + 24, 110, 440);
        var maxChars = longest * 7.2 + 24 <= 440 ? longest : (440 - 24) * 10 / 72;
        var height = Top + Math.Max(1, configs.Count) * RowHeight + Bottom;
        double Px(double v) => left + (v - x.Low) / (x.High - x.Low) * (Width - left - Right);

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scores\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"Final score per seed\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"12\">\n<title>Final score per seed, by config</title>\n");
        sb.Append($"<rect width=\"{Width}\" height=\"{height}\" fill=\"#fff\"/>\n");
        for (var i = 0; i < configs.Count; i++)
            if (i % 2 == 0) sb.Append($"<rect x=\"{left}\" y=\"{Top + i * RowHeight}\" width=\"{Width - left - Right}\" height=\"{RowHeight}\" fill=\"#f6f6f6\"/>\n");
        foreach (var t in Svg.Ticks(x))
        {
            var px = Svg.N(Px(t));
            sb.Append($"<line x1=\"{px}\" x2=\"{px}\" y1=\"{Top}\" y2=\"{height - Bottom}\" stroke=\"#e4e4e4\"/>");
            sb.Append($"<text x=\"{px}\" y=\"{height - Bottom + 19}\" text-anchor=\"middle\" fill=\"#333\">{Svg.Esc(Format.Tick(t))}</text>\n");
        }
        if (threshold is double th && th >= x.Low && th <= x.High)
        {
            var px = Svg.N(Px(th));
            sb.Append($"<line x1=\"{px}\" x2=\"{px}\" y1=\"{Top - 6}\" y2=\"{height - Bottom}\" stroke=\"#444\" stroke-dasharray=\"5 4\"/>");
            sb.Append($"<text x=\"{px}\" y=\"{Top - 10}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">solved ≥ {Svg.Esc(Format.Threshold(th))}</text>\n");
        }
        for (var i = 0; i < configs.Count; i++)
        {
            var c = configs[i];
            var cy = Top + i * RowHeight + RowHeight / 2.0;
            var label = Format.Label(c.Label);
            sb.Append($"<text x=\"{left - 10}\" y=\"{Svg.N(cy + 4)}\" text-anchor=\"end\" fill=\"#222\"><title>{Svg.Esc(label)}</title>{Svg.Esc(Svg.Shorten(label, maxChars))}</text>\n");
            var colour = Svg.Colour(colourIndex(c.Label));
            if (c.Seeds == 0)
            {
                sb.Append($"<text x=\"{left + 8}\" y=\"{Svg.N(cy + 4)}\" fill=\"#777\" font-style=\"italic\">no scored seeds</text>\n");
                continue;
            }
            // CI whisker with caps, then the IQM bar, then the seeds on top (a dot is never hidden)
            if (!double.IsNaN(c.IqmCi.Low))
            {
                double lo = Px(c.IqmCi.Low), hi = Px(c.IqmCi.High);
                sb.Append($"<g class=\"ci\" stroke=\"#111\" stroke-width=\"1.6\"><line x1=\"{Svg.N(lo)}\" x2=\"{Svg.N(hi)}\" y1=\"{Svg.N(cy)}\" y2=\"{Svg.N(cy)}\"/><line x1=\"{Svg.N(lo)}\" x2=\"{Svg.N(lo)}\" y1=\"{Svg.N(cy - 5)}\" y2=\"{Svg.N(cy + 5)}\"/><line x1=\"{Svg.N(hi)}\" x2=\"{Svg.N(hi)}\" y1=\"{Svg.N(cy - 5)}\" y2=\"{Svg.N(cy + 5)}\"/><title>IQM 95% CI {Svg.Esc(Format.Ci(c.IqmCi))}</title></g>\n");
            }
            sb.Append($"<rect class=\"iqm\" x=\"{Svg.N(Px(c.Iqm) - 2)}\" y=\"{Svg.N(cy - 11)}\" width=\"4\" height=\"22\" fill=\"#111\"><title>IQM {Svg.Esc(Format.Score(c.Iqm))}</title></rect>\n");
            for (var s = 0; s < c.Scored.Count; s++)
            {
                var t = c.Scored[s];
                var jitter = (s % 5 - 2) * 3.2;
                var title = string.Create(CultureInfo.InvariantCulture, $"{label} · replicate {t.Replicate} · seed {t.Seed}: {c.Scores[s]:0.0}");
                sb.Append($"<circle class=\"seed\" data-config=\"{Svg.Esc(c.Label)}\" cx=\"{Svg.N(Px(c.Scores[s]))}\" cy=\"{Svg.N(cy + jitter)}\" r=\"5\" fill=\"{colour}\" fill-opacity=\"0.75\" stroke=\"#fff\" stroke-width=\"0.8\"><title>{Svg.Esc(title)}</title></circle>\n");
            }
        }
        sb.Append($"<line x1=\"{left}\" x2=\"{Width - Right}\" y1=\"{height - Bottom}\" y2=\"{height - Bottom}\" stroke=\"#333\"/>\n");
        sb.Append($"<text x=\"{Svg.N((left + Width - Right) / 2.0)}\" y=\"{height - 10}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">final evaluation mean return (score)</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
