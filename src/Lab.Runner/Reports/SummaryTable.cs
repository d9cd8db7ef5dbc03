using System.Globalization;
using Spectre.Console.Rendering;
using Spectre.Console;

namespace Lab.Runner.Reports;

/// <summary>
/// The summary as a Spectre.Console table for the terminal, best IQM first and highlighted. On a
/// narrow terminal the least important columns are left out (max, min, median, mean, env steps to
/// solve, failed, in that order) and the config column wraps; summary.md always has them all.
/// </summary>
internal static class SummaryTable
{
    private static readonly string[] DropOrder = ["max", "min", "median", "mean", "steps to solve", "failed"];

    /// <summary>The table, fitted to <paramref name="width"/> columns of text (null: every column, no limit).</summary>
    public static Table Build(ReportSummary summary, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var labels = summary.Configs.Select(c => Format.Label(c.Label)).ToArray();
        var columns = new List<(string Head, string[] Cells)>
        {
            ("seeds", [.. summary.Configs.Select(c => c.Seeds.ToString(CultureInfo.InvariantCulture))]),
            ("mean", [.. summary.Configs.Select(c => Format.Score(c.Mean))]),
            ("IQM", [.. summary.Configs.Select(c => Format.Score(c.Iqm))]),
            ("95% CI", [.. summary.Configs.Select(c => Format.Ci(c.IqmCi))]),
            ("median", [.. summary.Configs.Select(c => Format.Score(c.Median))]),
            ("min", [.. summary.Configs.Select(c => Format.Score(c.Min))]),
            ("max", [.. summary.Configs.Select(c => Format.Score(c.Max))]),
            ("solved", [.. summary.Configs.Select(Format.Solved)]),
            ("ep. to solve", [.. summary.Configs.Select(c => Format.ToSolve(c.EpisodesToSolve, c))]),
            ("steps to solve", [.. summary.Configs.Select(c => Format.ToSolve(c.EnvStepsToSolve, c))]),
            ("failed", [.. summary.Configs.Select(c => c.Failed.ToString(CultureInfo.InvariantCulture))]),
        };
        var longestLabel = Math.Max(6, labels.Length == 0 ? 0 : labels.Max(l => l.Length));
        int? configWidth = null;
        if (width is int available)
        {
            // numbers never wrap; the config column takes what is left, at least 16 characters
            int Room() => available - 1 - 3 - columns.Sum(c => 3 + Math.Max(c.Head.Length, c.Cells.Length == 0 ? 0 : c.Cells.Max(s => s.Length)));
            foreach (var drop in DropOrder)
            {
                if (Room() >= Math.Min(16, longestLabel)) break;
                columns.RemoveAll(c => c.Head == drop);
            }
            if (Room() < longestLabel) configWidth = Math.Max(6, Room());
        }

        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        var config = new TableColumn("config");
        if (configWidth is int w) config.Width(w);
        table.AddColumn(config);
        foreach (var (head, _) in columns) table.AddColumn(new TableColumn(head).RightAligned().NoWrap());
        for (var i = 0; i < summary.Configs.Count; i++)
        {
            var c = summary.Configs[i];
            var best = i == 0 && c.Seeds > 0 && summary.Configs.Count > 1;
            var style = best ? new Style(Color.Green, decoration: Decoration.Bold) : null;
            var row = i;
            table.AddRow(columns.Select(col => (IRenderable)new Markup(Markup.Escape(col.Cells[row]),
                    col.Head == "failed" && c.Failed > 0 && !best ? new Style(Color.Red) : style))
                .Prepend(new Markup(Markup.Escape(labels[i]), style)));
        }
        var left = 11 - columns.Count;
        table.Caption(new TableTitle(Markup.Escape(
            "score = final evaluation mean return; IQM = interquartile mean (rliable); 95% CI: "
            + summary.Resamples.ToString("#,0", CultureInfo.InvariantCulture) + "-resample bootstrap; to solve: median (seeds that got there)"
            + (left > 0 ? $"; {left} column{(left == 1 ? "" : "s")} left out for width, see summary.md" : "")),
            new Style(Color.Grey)));
        return table;
    }
}
