using System.Globalization;
using Spectre.Console;

namespace Lab.Runner.Reports;

/// <summary>The summary as a Spectre.Console table for the terminal, best IQM first and highlighted.</summary>
public static class SummaryTable
{
    public static Table Build(SweepSummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        table.AddColumn(new TableColumn("config"));
        foreach (var name in new[] { "seeds", "mean", "IQM", "IQM 95% CI", "median", "min", "max", "solved", "episodes to solve", "env steps to solve", "failed" })
            table.AddColumn(new TableColumn(name).RightAligned());
        for (var i = 0; i < summary.Configs.Count; i++)
        {
            var c = summary.Configs[i];
            var best = i == 0 && c.Seeds > 0 && summary.Configs.Count > 1;
            string[] cells =
            [
                Format.Label(c.Label),
                c.Seeds.ToString(CultureInfo.InvariantCulture),
                Format.Score(c.Mean), Format.Score(c.Iqm), Format.Ci(c.IqmCi), Format.Score(c.Median),
                Format.Score(c.Min), Format.Score(c.Max), Format.Solved(c),
                Format.ToSolve(c.EpisodesToSolve, c), Format.ToSolve(c.EnvStepsToSolve, c),
                c.Failed.ToString(CultureInfo.InvariantCulture),
            ];
            table.AddRow(cells.Select((text, col) => (Spectre.Console.Rendering.IRenderable)new Markup(
                Markup.Escape(text),
                best ? new Style(Color.Green, decoration: Decoration.Bold)
                : col == 11 && c.Failed > 0 ? new Style(Color.Red)
                : null)));
        }
        table.Caption(new TableTitle(Markup.Escape(
            $"score = final evaluation mean return · IQM = mean of the middle scores (rliable) · CI = {summary.Resamples.ToString("#,0", CultureInfo.InvariantCulture)}-resample bootstrap · to solve: median (seeds that got there)"),
            new Style(Color.Grey)));
        return table;
    }
}
