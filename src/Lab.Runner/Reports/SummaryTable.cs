using System.Globalization;
using Spectre.Console.Rendering;
using Spectre.Console;

namespace Lab.Runner.Reports;

/// <summary>
/// The summary as a Spectre.Console table for the terminal (the columns of <see cref="SummaryColumns"/>),
/// the row marked best, if any, highlighted. On a narrow terminal the least important columns are left out
/// (<see cref="SummaryColumn.DropRank"/>) and the config column wraps; summary.md always has them all.
/// </summary>
internal static class SummaryTable
{
    /// <summary>The table, fitted to <paramref name="width"/> columns of text (null: every column, no limit).</summary>
    public static Table Build(ReportSummary summary, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var labels = summary.Configs.Select(c => Format.Label(c.Label)).ToArray();
        var all = SummaryColumns.For(summary);
        var columns = all.Select(c => (Column: c, Cells: summary.Configs.Select(c.TerminalCell ?? c.Cell).ToArray())).ToList();
        var longestLabel = Math.Max(6, labels.Length == 0 ? 0 : labels.Max(l => l.Length));
        int? configWidth = null;
        if (width is int available)
        {
            // numbers never wrap; the config column takes what is left, at least 16 characters
            int Room() => available - 1 - 3 - columns.Sum(c => 3 + Math.Max(c.Column.Terminal.Length, c.Cells.Length == 0 ? 0 : c.Cells.Max(s => s.Length)));
            foreach (var drop in all.Where(c => c.DropRank > 0).OrderBy(c => c.DropRank))
            {
                if (Room() >= Math.Min(16, longestLabel)) break;
                columns.RemoveAll(c => c.Column == drop);
            }
            if (Room() < longestLabel) configWidth = Math.Max(6, Room());
        }

        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        var config = new TableColumn("config");
        if (configWidth is int w) config.Width(w);
        table.AddColumn(config);
        foreach (var (column, _) in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Terminal)).RightAligned().NoWrap());
        for (var i = 0; i < summary.Configs.Count; i++)
        {
            var c = summary.Configs[i];
            var best = summary.IsLeader(c);
            var style = best ? new Style(Color.Green, decoration: Decoration.Bold) : null;
            var row = i;
            table.AddRow(columns.Select(col => (IRenderable)new Markup(Markup.Escape(col.Cells[row]),
                    col.Column.Head == "failed" && c.Failed > 0 && !best ? new Style(Color.Red) : style))
                .Prepend(new Markup(Markup.Escape(labels[i] + (best ? " ★ best" : "")), style)));
        }
        var left = all.Count - columns.Count;
        table.Caption(new TableTitle(Markup.Escape(Caption(summary)
            + (left > 0 ? string.Create(CultureInfo.InvariantCulture, $" {left} column{(left == 1 ? "" : "s")} left out for width: see summary.md.") : "")),
            new Style(Color.Grey)));
        return table;
    }

    private static string Caption(ReportSummary summary)
    {
        var protocols = summary.Configs.Where(c => c.Seeds > 0).Select(c => c.Protocol.Describe()).Where(p => p.Length > 0).Distinct().ToList();
        var judged = protocols.Count == 1 ? $" over {protocols[0]}" : "";
        return $"score = final greedy evaluation mean{judged} (final checkpoint, not the best); IQM (rliable) with "
            + $"{summary.Resamples.ToString("#,0", CultureInfo.InvariantCulture)}-resample bootstrap 95% CI; "
            + "solved = score ≥ threshold, exact (Clopper–Pearson) 95% CI; "
            + "train≥T: a different test, seeds whose mean of the last 100 ε-greedy training returns reached T; "
            + "…episodes, …env steps: median over all seeds until then (never = ∞: — when half never did).";
    }
}
