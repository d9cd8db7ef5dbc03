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
        th:first-child, td:first-child { text-align: left; white-space: normal; max-width: 360px; overflow-wrap: break-word; }
        th.group { text-align: center; border-bottom: 2px solid #bbb; white-space: normal; }
        tbody tr:nth-child(even) { background: #f9f9f9; }
        tr.best td { background: #e3f4ea; font-weight: 600; }
        td.bad { color: #b00020; font-weight: 600; }
        .table-wrap { overflow-x: auto; }
        .swatch { display: inline-block; vertical-align: middle; margin-right: 6px; }
        svg.chart { display: block; width: 100%; height: auto; background: #fff; border: 1px solid #e2e2e2; }
        .protocol { background: #f3f3f3; padding: 8px 12px; border-left: 4px solid #555; max-width: 1100px; }
        table.poi td.above { background: #e3f4ea; }
        table.poi td.below { background: #fbe4e4; }
        .file { color: #777; }
        figure { margin: 0; }
        figcaption { color: #555; font-size: 13px; margin-top: 4px; }
        .problems td:last-child { text-align: left; white-space: normal; }
        .problems td, .problems th { text-align: left; }
        table.summary { width: 100%; font-size: 13px; }
        table.summary th, table.summary td { padding: 5px 6px; }
        table.summary th { white-space: normal; vertical-align: bottom; }
        table.summary td:first-child { min-width: 240px; }
        table.summary thead tr:first-child th:first-child { vertical-align: bottom; }
        table.poi td:first-child { min-width: 280px; }
        table.poi th { text-align: center; }
        """;

    /// <summary>The whole page for <paramref name="summary"/>, with its charts.</summary>
    public static string Render(ReportSummary summary) => Render(summary, ReportCharts.Build(summary));

    /// <summary>The whole page, embedding <paramref name="charts"/> (which the report also writes as chart-&lt;name&gt;.svg files beside it).</summary>
    public static string Render(ReportSummary summary, IReadOnlyList<ReportChart> charts)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(charts);
        var colourIndex = ReportCharts.ColourIndex(summary);

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

        AppendTable(sb, summary, colourIndex);
        AppendComparisons(sb, summary);

        if (!charts.Any(c => c.Name == "learning-curves"))
            sb.Append("<h2>Learning curves</h2>\n<p class=\"note\">No training episodes recorded yet.</p>\n");
        foreach (var chart in charts)
        {
            sb.Append("<h2>").Append(Svg.Esc(chart.Heading)).Append("</h2>\n<figure>\n").Append(Inline(chart.Svg));
            sb.Append("<figcaption>").Append(Svg.Esc(chart.Caption)).Append(" <span class=\"file\">(also ")
              .Append(Svg.Esc(ReportFiles.ChartPath(chart.Name))).Append(")</span></figcaption>\n</figure>\n");
        }

        AppendProblems(sb, summary);
        sb.Append("<p class=\"note\">Every episode of every trial, with its parameters as columns: ").Append(Svg.Esc(ReportFiles.EpisodesTable))
          .Append(" (and every evaluation: ").Append(Svg.Esc(ReportFiles.EvaluationsTable)).Append("), for pandas or R. How to read this page: docs/REPORTS.md in the DqnLab repository.</p>\n");
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Plural(int n) => n == 1 ? "" : "s";

    /// <summary>A standalone SVG as an element of the page: HTML needs no namespace declaration on inline SVG.</summary>
    private static string Inline(string svg) => svg.Replace(" xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);

    private static void AppendTable(StringBuilder sb, ReportSummary summary, Func<string, int> colourIndex)
    {
        var columns = SummaryColumns.For(summary);
        sb.Append("<h2>Summary</h2>\n<p class=\"protocol\">").Append(Svg.Esc(ReportText.SolvedNote(summary))).Append("</p>\n");
        // two heading rows: a group's heading spans its columns, a column outside any group spans both rows
        sb.Append("<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr><th rowspan=\"2\" title=\"the grid cell: every hyperparameter that varies\">config</th>");
        for (var i = 0; i < columns.Count; i++)
        {
            var group = columns[i].Group;
            if (group is null)
            {
                sb.Append("<th rowspan=\"2\" title=\"").Append(Svg.Esc(columns[i].Description)).Append("\">").Append(Svg.Esc(columns[i].Head)).Append("</th>");
                continue;
            }
            var span = 1;
            while (i + span < columns.Count && columns[i + span].Group == group) span++;
            sb.Append("<th class=\"group\" colspan=\"").Append(span.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(Svg.Esc(group)).Append("</th>");
            i += span - 1;
        }
        sb.Append("</tr>\n<tr>");
        foreach (var column in columns.Where(c => c.Group is not null))
            sb.Append("<th title=\"").Append(Svg.Esc(column.Description)).Append("\">").Append(Svg.Esc(column.Short ?? column.Head)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var c in summary.Configs)
        {
            var best = summary.IsLeader(c);
            sb.Append(best ? "<tr class=\"best\">" : "<tr>");
            sb.Append("<td>").Append(Swatch(colourIndex(c.Label))).Append(Svg.Esc(Format.Label(c.Label)))
              .Append(best ? " <span title=\"marked best: its IQM interval lies above every other config's\">★ best</span>" : "").Append("</td>");
            foreach (var column in columns)
                sb.Append(column.Head == "failed" && c.Failed > 0 ? "<td class=\"bad\">" : "<td>").Append(Svg.Esc(column.Cell(c))).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n<p class=\"note\">").Append(Svg.Esc(ReportText.TableNote(summary))).Append("</p>\n");
        if (ReportText.BestNote(summary) is { } bestNote) sb.Append("<p class=\"note\">").Append(Svg.Esc(bestNote)).Append("</p>\n");
        if (ReportText.TrainingNote(summary) is { Length: > 0 } training) sb.Append("<p class=\"note\">").Append(Svg.Esc(training)).Append("</p>\n");
    }

    /// <summary>P(row &gt; column) for every computed pair, a cell green when its interval lies above 0.5 and red when below.</summary>
    private static void AppendComparisons(StringBuilder sb, ReportSummary summary)
    {
        if (summary.Comparisons.Count == 0) return;
        var rows = summary.Configs.Where(c => summary.Comparisons.Any(p => p.X == c.Label)).ToList();
        sb.Append("<h2>Probability of improvement</h2>\n<div class=\"table-wrap\"><table class=\"poi\">\n<thead><tr><th>P(row &gt; column)</th>");
        for (var k = 0; k < rows.Count; k++)
            sb.Append("<th title=\"").Append(Svg.Esc(Format.Label(rows[k].Label))).Append("\">").Append((k + 1).ToString(CultureInfo.InvariantCulture)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < rows.Count; r++)
        {
            var x = rows[r];
            sb.Append("<tr><td>").Append((r + 1).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(Svg.Esc(Format.Label(x.Label))).Append("</td>");
            foreach (var y in rows)
            {
                var c = x == y ? null : summary.Find(x.Label, y.Label);
                var cls = c is null ? "" : c.XBetter ? " class=\"above\"" : c.YBetter ? " class=\"below\"" : "";
                sb.Append("<td").Append(cls).Append('>').Append(x == y ? "" : c is null ? Format.None : Svg.Esc(Format.Probability(c))).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n<p class=\"note\">").Append(Svg.Esc(ReportText.ComparisonNote(summary)))
          .Append(" Green: the interval lies above 0.5; red: below. All pairs: ").Append(Svg.Esc(ReportFiles.ComparisonsTable)).Append(".</p>\n");
    }

    private static string Swatch(int index)
    {
        var dash = Svg.Dash(index) is { } d ? $" stroke-dasharray=\"{d}\"" : "";
        return $"<svg class=\"swatch\" width=\"26\" height=\"10\" viewBox=\"0 0 26 10\" aria-hidden=\"true\"><line x1=\"1\" x2=\"25\" y1=\"5\" y2=\"5\" stroke=\"{Svg.Colour(index)}\" stroke-width=\"3\"{dash}/></svg>";
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
