using System.Globalization;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// Every chart of the report, each a standalone SVG: report.html embeds them as they are and the report
/// also writes each as chart-&lt;name&gt;.svg beside it. Colours follow <see cref="ColourIndex"/>, the same in every chart.
/// </summary>
internal static class ReportCharts
{
    private const int Width = 1160, CurveHeight = 440, PanelHeight = 280, MetricHeight = 270;

    /// <summary>Small multiples show at most this many configs (the first in table order).</summary>
    public const int MaxPanels = 24;

    /// <summary>Points of one seed's line in a per-seed panel (its episodes thinned evenly beyond that).</summary>
    private const int SeedPoints = 300;

    /// <summary>A config's colour: its rank among the labels in ordinal order, so it does not depend on the table's order.</summary>
    public static Func<string, int> ColourIndex(ReportSummary summary)
    {
        var labels = summary.Configs.Select(c => c.Label).Order(StringComparer.Ordinal).ToList();
        return label => Math.Max(0, labels.BinarySearch(label, StringComparer.Ordinal));
    }

    public static IReadOnlyList<ReportChart> Build(ReportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var colour = ColourIndex(summary);
        var grid = LearningCurves.Grid(summary);
        var charts = new List<ReportChart>();
        var window = LearningCurves.SmoothingWindow;

        if (GridHeatmap.Axes(summary) is { } axes)
            charts.Add(new("heatmap", $"IQM by {axes.RowKey} and {axes.ColumnKey}",
                "One cell per config: its IQM (colour and first line), the IQM's 95% bootstrap interval and the seeds solved at the final evaluation. " +
                "Colour scale from 0 to the evaluation cap where returns are known to lie there, so a colour means the same score in every report.",
                GridHeatmap.Render(summary, axes)));

        var training = LearningCurves.Training(summary, grid);
        if (training.Any(c => c.Points.Count > 0))
        {
            charts.Add(new("learning-curves", "Learning curves: mean across seeds",
                $"Each seed's return per episode is smoothed by a trailing mean over {window} episodes, read off at {LearningCurves.GridPoints + 1} evenly spaced env-step points (last value carried forward, so a seed that stopped early holds its final value), and averaged across seeds. Shaded: 95% Student-t interval of that mean (mean ± t·s/√n); no band where only one seed contributes.",
                MeanCurves(summary, training, colour, "curve", $"training return (rolling mean of {window} episodes)", "Training return per config: mean across seeds")));
            charts.Add(new("training-per-seed", "Learning curves: every seed",
                $"One panel per config, one line per seed (one panel per seed when there is one config): its training return smoothed over {window} episodes, against env steps (axes shared by all panels). The mean above can hide seeds that never learn or that collapse; these cannot.",
                PerSeed(summary, colour, LearningCurves.TrainingSeries, "seed-curve", "training return", false)));
        }

        var evaluation = LearningCurves.Evaluation(summary, grid);
        if (evaluation.Any(c => c.Points.Count > 0))
        {
            charts.Add(new("evaluation-curves", "Evaluation during training: mean across seeds",
                "Each point of a seed's curve is one greedy evaluation (eval.csv, plus the final evaluation); between evaluations the last result is carried forward. Line: mean across seeds; shaded: 95% Student-t interval.",
                MeanCurves(summary, evaluation, colour, "eval-curve", "greedy evaluation mean return", "Evaluation mean return per config: mean across seeds")));
            charts.Add(new("evaluation-per-seed", "Evaluation during training: every seed",
                "One panel per config, one line per seed (one panel per seed when there is one config) through its greedy evaluations (dots), the last one being the final evaluation that scores it. A line that reaches the threshold and falls back is a late collapse: the best checkpoint and the final one differ.",
                PerSeed(summary, colour, LearningCurves.EvaluationSeries, "seed-eval", "evaluation mean return", true)));
        }

        if (TrainingMetrics(summary, grid, colour) is { } metrics)
            charts.Add(new("loss-q-epsilon", "Loss, Q and ε during training",
                $"From metrics.csv, per config, mean across seeds against env steps: the TD loss (each episode's mean loss, smoothed over {window} episodes, on a log axis: the mean is of its logarithm, i.e. a geometric mean across seeds), the mean over the episode's steps of max_a Q(s, a), and ε. Episodes before the first update have no loss or Q and are left out. A Q that keeps climbing past what the returns allow (1/(1−γ) for a reward of 1 per step) is overestimation; a loss that grows by orders of magnitude often comes before a collapse.",
                metrics));

        charts.Add(new("final-scores", "Final scores per seed",
            "Each dot is one seed's score (final evaluation mean return); the black bar is the config's IQM and the whisker its 95% stratified-bootstrap interval. Rows in table order. Hover a dot for its replicate and seed.",
            ScorePlot.Render(summary, colour)));
        return charts;
    }

    private static double? CommonThreshold(ReportSummary summary)
    {
        var thresholds = summary.Configs.Select(c => c.Threshold).Where(t => t is not null).Distinct().ToList();
        return thresholds.Count == 1 ? thresholds[0] : null;
    }

    private static IReadOnlyList<LegendEntry> Legend(ReportSummary summary, Func<string, int> colour) =>
        [.. summary.Configs.Select(c => new LegendEntry(
            string.Create(CultureInfo.InvariantCulture, $"{Svg.Shorten(Format.Label(c.Label), 90)} (n={c.Seeds})"),
            Svg.Colour(colour(c.Label)), "line", Svg.Dash(colour(c.Label))))];

    private static string MeanCurves(ReportSummary summary, IReadOnlyList<ConfigCurve> curves, Func<string, int> colour,
        string cssClass, string yLabel, string title)
    {
        var points = curves.SelectMany(c => c.Points).ToList();
        var threshold = CommonThreshold(summary);
        var yMin = Math.Min(0, points.Min(p => double.IsFinite(p.Low) ? Math.Min(p.Low, p.Mean) : p.Mean));
        var yMax = Math.Max(points.Max(p => double.IsFinite(p.High) ? Math.Max(p.High, p.Mean) : p.Mean), threshold ?? 0);
        var chart = new SvgChart(Width, CurveHeight, (0, points.Max(p => p.X)), (yMin, yMax), "env steps", yLabel, title,
            heading: title, legend: Legend(summary, colour));
        if (threshold is double th) chart.HorizontalRule(th, $"solved ≥ {Format.Threshold(th)}");
        var byLabel = summary.Configs.ToDictionary(c => c.Label, StringComparer.Ordinal);
        // draw the top row last, so it lies on top
        foreach (var curve in curves.Reverse())
        {
            var index = colour(curve.Label);
            var label = Format.Label(curve.Label);
            var n = byLabel[curve.Label].Seeds;
            chart.Band(curve.Points, Svg.Colour(index), cssClass + "-band", $"{label}: 95% interval of the mean");
            chart.Line([.. curve.Points.Select(p => (p.X, p.Mean))], Svg.Colour(index), Svg.Dash(index), cssClass, curve.Label,
                string.Create(CultureInfo.InvariantCulture, $"{label} (mean of {n} seed{(n == 1 ? "" : "s")})"));
        }
        return chart.Render("chart " + cssClass + "s", standalone: true);
    }

    /// <summary>
    /// One panel per config with seeds, one line per seed, all on the same axes; for a single config, one panel per
    /// seed (twenty lines in one panel hide each other).
    /// </summary>
    private static string PerSeed(ReportSummary summary, Func<string, int> colour,
        Func<TrialResult, IReadOnlyList<(double X, double Y)>> series, string cssClass, string yLabel, bool dots)
    {
        var seeded = summary.Configs.Where(c => c.Seeds > 0).ToList();
        var bySeed = seeded.Count == 1;
        var groups = (bySeed
                ? seeded[0].Scored.Select((t, s) => (Config: seeded[0], Heading: string.Create(CultureInfo.InvariantCulture,
                    $"replicate {t.Replicate} · seed {t.Seed} · score {seeded[0].Scores[s]:0.0}"), Seeds: new[] { s }))
                : seeded.Select(c => (Config: c, Heading: string.Create(CultureInfo.InvariantCulture, $"{Format.Label(c.Label)} (n={c.Seeds})"),
                    Seeds: Enumerable.Range(0, c.Scored.Count).ToArray())))
            .Take(MaxPanels).ToList();
        var lines = groups.Select(g => g.Seeds.Select(s => LearningCurves.Thin(series(g.Config.Scored[s]), SeedPoints)).ToList()).ToList();
        var all = lines.SelectMany(l => l).SelectMany(p => p).ToList();
        var threshold = CommonThreshold(summary);
        var x = (0.0, all.Count > 0 ? all.Max(p => p.X) : 1);
        var y = (Math.Min(0, all.Count > 0 ? all.Min(p => p.Y) : 0), Math.Max(all.Count > 0 ? all.Max(p => p.Y) : 1, threshold ?? 0));
        var columns = Math.Clamp(groups.Count, 1, bySeed ? 4 : 3);
        var panelWidth = Width / columns;
        var panels = new List<SvgChart>();
        for (var i = 0; i < groups.Count; i++)
        {
            var (c, heading, seeds) = groups[i];
            var label = Format.Label(c.Label);
            var chart = new SvgChart(panelWidth, PanelHeight, x, y, "env steps", yLabel, $"{label}: {heading}", left: 58, heading: heading, headingSize: 13);
            if (threshold is double th) chart.HorizontalRule(th, $"≥ {Format.Threshold(th)}");
            var ink = Svg.Colour(colour(c.Label));
            for (var k = 0; k < seeds.Length; k++)
            {
                var t = c.Scored[seeds[k]];
                var title = string.Create(CultureInfo.InvariantCulture, $"{label} · replicate {t.Replicate} · seed {t.Seed}: score {c.Scores[seeds[k]]:0.0}");
                var line = lines[i][k];
                if (line.Count > 1) chart.Line(line, ink, null, cssClass, c.Label, title, bySeed ? 1.8 : 1.3, bySeed ? 0.9 : 0.6);
                if (dots || line.Count == 1)
                    foreach (var (px, py) in line) chart.Dot(px, py, ink, 2.6, title, cssClass + "-point", c.Label);
            }
            panels.Add(chart);
        }
        var shown = bySeed ? "seeds" : "configs";
        var name = groups.Count == MaxPanels ? string.Create(CultureInfo.InvariantCulture, $"{yLabel} per seed (the first {MaxPanels} {shown})") : $"{yLabel} per seed";
        return PanelGrid.Render(name, panels, columns, "chart " + cssClass + "s");
    }

    /// <summary>TD loss (log axis), mean max Q and ε against env steps, stacked, one line per config; null when no episode has a loss.</summary>
    private static string? TrainingMetrics(ReportSummary summary, double[] grid, Func<string, int> colour)
    {
        var window = LearningCurves.SmoothingWindow;
        var loss = LearningCurves.Metric(summary, grid, t => LearningCurves.MetricSeries(t, e => e.TdLoss, window, v => v > 0 ? Math.Log10(v) : double.NaN));
        if (loss.All(c => c.Points.Count == 0)) return null;
        var q = LearningCurves.Metric(summary, grid, t => LearningCurves.MetricSeries(t, e => e.MeanMaxQ, window));
        var epsilon = LearningCurves.Metric(summary, grid, t => LearningCurves.MetricSeries(t, e => e.Epsilon, 1));
        var xMax = grid.Length > 0 ? grid[^1] : 1;
        var panels = new List<SvgChart>();
        var logs = loss.SelectMany(c => c.Points).Select(p => p.Mean).ToList();
        var (lo, hi) = (Math.Floor(logs.Min()), Math.Ceiling(logs.Max()));
        if (hi <= lo) hi = lo + 1;
        panels.Add(MetricPanel(loss, colour, "TD loss (log scale)", "TD loss per config: geometric mean across seeds", xMax, (lo, hi),
            Legend(summary, colour), (lo, hi, 1), PowerOfTen, "loss"));
        panels.Add(MetricPanel(q, colour, "mean max Q", "Mean max Q per config: mean across seeds", xMax, null, null, null, null, "q"));
        panels.Add(MetricPanel(epsilon, colour, "ε", "Exploration ε per config: mean across seeds", xMax, (0, 1), null, null, null, "epsilon"));
        return PanelGrid.Render("TD loss, mean max Q and ε during training", panels, 1, "chart metrics");
    }

    private static SvgChart MetricPanel(IReadOnlyList<ConfigCurve> curves, Func<string, int> colour, string yLabel, string title,
        double xMax, (double, double)? y, IReadOnlyList<LegendEntry>? legend, (double, double, double)? yScale, Func<double, string>? yTick, string cssClass)
    {
        var points = curves.SelectMany(c => c.Points).Select(p => p.Mean).ToList();
        var range = y ?? (points.Count > 0 ? (Math.Min(0, points.Min()), Math.Max(points.Max(), 1e-9)) : (0, 1));
        var height = MetricHeight + (legend is null ? 0 : SvgChart.LegendHeight(legend, SvgChart.PlotWidth(Width)));
        var chart = new SvgChart(Width, height, (0, xMax), range, "env steps", yLabel, title, heading: title, legend: legend, yScale: yScale, yTick: yTick);
        if (points.Count == 0) chart.Note("no figures recorded");
        foreach (var curve in curves.Reverse())
        {
            var index = colour(curve.Label);
            chart.Line([.. curve.Points.Select(p => (p.X, p.Mean))], Svg.Colour(index), Svg.Dash(index), cssClass, curve.Label, Format.Label(curve.Label));
        }
        return chart;
    }

    /// <summary>A log10 tick as the number it stands for: -2 → "0.01", 3 → "1000", -5 → "1e-5".</summary>
    private static string PowerOfTen(double exponent) =>
        exponent >= -2 ? Format.Tick(Math.Pow(10, exponent)) : string.Create(CultureInfo.InvariantCulture, $"1e{exponent:0}");
}
