using System.Globalization;
using System.Text;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
/// question, the summary table, learning curves, evaluation curves, final-score distributions and the
/// trials that need attention. Every piece of text from the results folder is HTML-escaped.
/// </summary>
internal static class HtmlReport
{
    private const int ChartWidth = 1160, ChartHeight = 440;

    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #fafafa; color: #1d1d1f; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 26px; margin: 0 0 6px; }
        h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
        .question { font-size: 18px; margin: 6px 0 8px; padding: 10px 14px; background: #eef4fb; border-left: 4px solid #0072B2; }
        .meta, .note { color: #555; font-size: 13px; }
        .note { max-width: 1100px; }
        .warn { color: #8a4b00; background: #fff4e0; padding: 8px 12px; border-left: 4px solid #E69F00; }
        table { border-collapse: collapse; background: #fff; font-size: 14px; }
        th, td { padding: 6px 10px; border-bottom: 1px solid #e2e2e2; text-align: right; white-space: nowrap; }
        th { background: #f0f0f0; font-weight: 600; position: sticky; top: 0; }
        th:first-child, td:first-child { text-align: left; white-space: normal; max-width: 360px; overflow-wrap: anywhere; }
        tbody tr:nth-child(even) { background: #f9f9f9; }
        tr.best td { background: #e3f4ea; font-weight: 600; }
        td.bad { color: #b00020; font-weight: 600; }
        .table-wrap { overflow-x: auto; }
        .swatch { display: inline-block; vertical-align: middle; margin-right: 6px; }
        .legend { list-style: none; padding: 0; margin: 6px 0 4px; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; }
        .legend li { display: flex; align-items: center; }
        svg.chart { width: 100%; height: auto; background: #fff; border: 1px solid #e2e2e2; }
        figure { margin: 0; }
        figcaption { color: #555; font-size: 13px; margin-top: 4px; }
        .problems td:last-child { text-align: left; white-space: normal; }
        .problems td, .problems th { text-align: left; }
        table.summary { width: 100%; }
        table.summary th { white-space: normal; vertical-align: bottom; }
        table.summary td:first-child { min-width: 200px; }
        """;

    /// <summary>The whole page for <paramref name="summary"/>.</summary>
    public static string Render(ReportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var labels = summary.Configs.Select(c => c.Label).Order(StringComparer.Ordinal).ToList();
        int ColourIndex(string label) => Math.Max(0, labels.BinarySearch(label, StringComparer.Ordinal));

        var folder = summary.Folder;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Svg.Esc($"{folder.Name} — DqnLab report")).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>").Append(Svg.Esc(folder.Name)).Append("</h1>\n");
        if (folder.Question is { } q) sb.Append("<p class=\"question\">").Append(Svg.Esc(q)).Append("</p>\n");
        var scoredSeeds = summary.Configs.Sum(c => c.Seeds);
        sb.Append("<p class=\"meta\">").Append(Svg.Esc(string.Create(CultureInfo.InvariantCulture,
            $"DqnLab report of {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder.Directory)))}/ · {summary.Configs.Count} config{Plural(summary.Configs.Count)} · {folder.Trials.Count} trial{Plural(folder.Trials.Count)}, {scoredSeeds} scored · {summary.Problems.Count(t => t.State == TrialState.Failed)} failed · {summary.Problems.Count(t => t.State != TrialState.Failed)} unfinished{(folder.NotStarted > 0 ? $" · {folder.NotStarted} of {folder.PlannedTrialIds.Count} planned not started" : "")}{(folder.Ignored.Count > 0 ? $" · {folder.Ignored.Count} ignored (not part of this sweep)" : "")}")))
          .Append("</p>\n");
        if (folder.SweepRunning && summary.Problems.Any(t => t.State == TrialState.Incomplete))
            sb.Append("<p class=\"warn\">A sweep is still writing to this folder: trials without status.json may still be running.</p>\n");
        if (ReportText.IgnoredNote(folder) is { } ignored)
            sb.Append("<p class=\"warn\">").Append(Svg.Esc(ignored)).Append("</p>\n");

        AppendTable(sb, summary, ColourIndex);

        var grid = LearningCurves.Grid(summary);
        var training = LearningCurves.Training(summary, grid);
        sb.Append("<h2>Learning curves</h2>\n");
        if (training.All(c => c.Points.Count == 0)) sb.Append("<p class=\"note\">No training episodes recorded yet.</p>\n");
        else AppendCurveChart(sb, summary, training, ColourIndex, "curve",
            $"training return (rolling mean of {LearningCurves.SmoothingWindow} episodes)",
            "Training return per config: mean across seeds",
            $"Each seed's return per episode is smoothed by a trailing mean over {LearningCurves.SmoothingWindow} episodes, read off at {LearningCurves.GridPoints + 1} evenly spaced env-step points (last value carried forward, so a seed that stopped early holds its final value), and averaged across seeds. Shaded: 95% Student-t interval of that mean (mean ± t·s/√n); no band where only one seed contributes.");

        var evaluation = LearningCurves.Evaluation(summary, grid);
        if (evaluation.Any(c => c.Points.Count > 0))
        {
            sb.Append("<h2>Evaluation during training</h2>\n");
            AppendCurveChart(sb, summary, evaluation, ColourIndex, "eval-curve",
                "greedy evaluation mean return", "Evaluation mean return per config: mean across seeds",
                "Each point of a seed's curve is one greedy evaluation (eval.csv, plus the final evaluation); between evaluations the last result is carried forward. Line: mean across seeds; shaded: 95% Student-t interval.");
        }

        sb.Append("<h2>Final scores per seed</h2>\n<figure>\n");
        sb.Append(ScorePlot.Render(summary, ColourIndex));
        sb.Append("<figcaption>Each dot is one seed's score (final evaluation mean return); the black bar is the config's IQM and the whisker its 95% stratified-bootstrap interval. Rows in table order. Hover a dot for its replicate and seed.</figcaption>\n</figure>\n");

        AppendProblems(sb, summary);
        sb.Append("<p class=\"note\">How to read this page: docs/REPORTS.md in the DqnLab repository.</p>\n");
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Plural(int n) => n == 1 ? "" : "s";

    private static void AppendTable(StringBuilder sb, ReportSummary summary, Func<string, int> colourIndex)
    {
        sb.Append("<h2>Summary</h2>\n<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr>");
        (string Head, string Title)[] heads =
        [
            ("config", "the grid cell: every hyperparameter that varies"),
            ("seeds", "seeds in the statistics (finished or stopped early, with an evaluation)"),
            ("mean", "mean of the seeds' scores"),
            ("IQM", "interquartile mean of the scores: floor(n/4) cut from each end (scipy trim_mean 0.25, as rliable)"),
            ("IQM 95% CI", "percentile bootstrap over seeds"),
            ("median", "median score"), ("min", "lowest score"), ("max", "highest score"),
            ("solved", "seeds whose score reached the solve threshold"),
            ("episodes to solve", "median first episode whose last 100 training returns average ≥ the threshold (seeds that got there)"),
            ("env steps to solve", "the same in env steps"),
            ("failed", "trials that failed (see below)"),
        ];
        foreach (var (head, title) in heads) sb.Append("<th title=\"").Append(Svg.Esc(title)).Append("\">").Append(Svg.Esc(head)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < summary.Configs.Count; i++)
        {
            var c = summary.Configs[i];
            var best = i == 0 && c.Seeds > 0 && summary.Configs.Count > 1;
            var index = colourIndex(c.Label);
            sb.Append(best ? "<tr class=\"best\">" : "<tr>");
            sb.Append("<td>").Append(Swatch(index)).Append(Svg.Esc(Format.Label(c.Label))).Append(best ? " <span title=\"best IQM\">★</span>" : "").Append("</td>");
            foreach (var cell in new[]
                     {
                         c.Seeds.ToString(CultureInfo.InvariantCulture), Format.Score(c.Mean), Format.Score(c.Iqm), Format.Ci(c.IqmCi),
                         Format.Score(c.Median), Format.Score(c.Min), Format.Score(c.Max), Format.Solved(c),
                         Format.ToSolve(c.EpisodesToSolve, c), Format.ToSolve(c.EnvStepsToSolve, c),
                     })
                sb.Append("<td>").Append(Svg.Esc(cell)).Append("</td>");
            sb.Append(c.Failed > 0 ? "<td class=\"bad\">" : "<td>").Append(c.Failed.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        sb.Append("</tbody></table></div>\n<p class=\"note\">").Append(Svg.Esc(ReportText.TableNote(summary))).Append("</p>\n");
    }

    private static string Swatch(int index)
    {
        var dash = Svg.Dash(index) is { } d ? $" stroke-dasharray=\"{d}\"" : "";
        return $"<svg class=\"swatch\" width=\"26\" height=\"10\" viewBox=\"0 0 26 10\" aria-hidden=\"true\"><line x1=\"1\" x2=\"25\" y1=\"5\" y2=\"5\" stroke=\"{Svg.Colour(index)}\" stroke-width=\"3\"{dash}/></svg>";
    }

    private static void AppendCurveChart(StringBuilder sb, ReportSummary summary, IReadOnlyList<ConfigCurve> curves,
        Func<string, int> colourIndex, string cssClass, string yLabel, string title, string caption)
    {
        var points = curves.SelectMany(c => c.Points).ToList();
        var thresholds = summary.Configs.Select(c => c.Threshold).Where(t => t is not null).Distinct().ToList();
        double? threshold = thresholds.Count == 1 ? thresholds[0] : null;
        var yMin = Math.Min(0, points.Min(p => double.IsFinite(p.Low) ? Math.Min(p.Low, p.Mean) : p.Mean));
        var yMax = Math.Max(points.Max(p => double.IsFinite(p.High) ? Math.Max(p.High, p.Mean) : p.Mean), threshold ?? 0);
        var chart = new SvgChart(ChartWidth, ChartHeight, (0, points.Max(p => p.X)), (yMin, yMax), "env steps", yLabel, title);
        if (threshold is double th) chart.HorizontalRule(th, $"solved ≥ {Format.Threshold(th)}");
        var byLabel = summary.Configs.ToDictionary(c => c.Label, StringComparer.Ordinal);
        // draw the best config last, so it lies on top
        foreach (var curve in curves.Reverse())
        {
            var index = colourIndex(curve.Label);
            var label = Format.Label(curve.Label);
            var n = byLabel[curve.Label].Seeds;
            chart.Band(curve.Points, Svg.Colour(index), cssClass + "-band", $"{label}: 95% interval of the mean");
            chart.Line([.. curve.Points.Select(p => (p.X, p.Mean))], Svg.Colour(index), Svg.Dash(index), cssClass, curve.Label,
                string.Create(CultureInfo.InvariantCulture, $"{label} (mean of {n} seed{Plural(n)})"));
        }
        sb.Append("<figure>\n<ul class=\"legend\">");
        foreach (var c in summary.Configs)
            sb.Append("<li>").Append(Swatch(colourIndex(c.Label))).Append(Svg.Esc(string.Create(CultureInfo.InvariantCulture, $"{Format.Label(c.Label)} (n={c.Seeds})"))).Append("</li>");
        sb.Append("</ul>\n").Append(chart.Render("chart " + cssClass + "s")).Append("<figcaption>").Append(Svg.Esc(caption)).Append("</figcaption>\n</figure>\n");
    }

    private static void AppendProblems(StringBuilder sb, ReportSummary summary)
    {
        sb.Append("<h2>Failed and unfinished trials</h2>\n");
        if (summary.Problems.Count == 0)
        {
            sb.Append("<p class=\"note\">None: every trial finished and was scored.</p>\n");
            return;
        }
        sb.Append("<div class=\"table-wrap\"><table class=\"problems\">\n<thead><tr><th>trial</th><th>config</th><th>replicate</th><th>seed</th><th>status</th><th>reason</th></tr></thead>\n<tbody>\n");
        foreach (var t in summary.Problems)
        {
            sb.Append("<tr><td>").Append(Svg.Esc(t.TrialId)).Append("</td><td>").Append(Svg.Esc(Format.Label(t.ConfigLabel)))
              .Append("</td><td>").Append(t.Replicate.ToString(CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(t.Seed.ToString(CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(Svg.Esc(Format.Status(t.State)))
              .Append("</td><td>").Append(Svg.Esc(Format.Problem(t))).Append("</td></tr>\n");
        }
        sb.Append("</tbody></table></div>\n");
    }
}
