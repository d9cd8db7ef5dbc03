using System.Globalization;
using System.Text;

namespace Lab.Runner.Reports;

/// <summary>summary.csv and comparisons.csv (full precision, for tools) and summary.md (rounded, for people) of a sweep.</summary>
internal static class SummaryFiles
{
    /// <summary>The columns of summary.csv, in order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "config", "env", "seeds", "mean", "iqm", "iqm_ci_low", "iqm_ci_high", "median", "min", "max",
        "eval_episodes", "eval_cap", "checkpoint", "threshold",
        "solved_final", "solved_final_share", "solved_final_ci_low", "solved_final_ci_high",
        "best_eval_iqm", "best_eval_solved",
        "best_checkpoint_seeds", "best_checkpoint_mean", "best_checkpoint_solved", "best_checkpoint_solved_ci_low", "best_checkpoint_solved_ci_high",
        "train_threshold", "train_mean_reached", "train_episodes_to_reach_median", "train_env_steps_to_reach_median",
        "failed", "unfinished", "marked_best",
    ];

    /// <summary>The columns of comparisons.csv, in order.</summary>
    public static readonly IReadOnlyList<string> ComparisonColumns =
        ["x", "y", "probability_of_improvement", "ci_low", "ci_high", "paired", "runs", "resamples"];

    /// <summary>
    /// One row per config in table order; numbers invariant with "R" round-trip precision; an empty
    /// field where a number does not exist (no seeds, no threshold, a median time to reach of +∞).
    /// </summary>
    public static string ToCsv(ReportSummary summary)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var c in summary.Configs)
        {
            var solvable = c.Threshold is not null && c.Seeds > 0;
            var trainable = c.Training.Threshold is not null;
            string[] fields =
            [
                Csv.Quote(c.Label), Csv.Quote(c.Env ?? ""), I(c.Seeds),
                Format.Raw(c.Mean), Format.Raw(c.Iqm), Format.Raw(c.IqmCi.Low), Format.Raw(c.IqmCi.High),
                Format.Raw(c.Median), Format.Raw(c.Min), Format.Raw(c.Max),
                Csv.Quote(c.Protocol.EpisodesText.Replace(",", "", StringComparison.Ordinal)), Csv.Quote(c.Protocol.CapsText.Replace(",", "", StringComparison.Ordinal)),
                c.Seeds > 0 ? ScoringProtocol.Checkpoint : "", Format.Raw(c.Threshold),
                solvable ? I(c.Solved) : "", Format.Raw(c.SolvedShare), Format.Raw(c.SolvedCi.Low), Format.Raw(c.SolvedCi.High),
                Format.Raw(c.BestIqm), solvable ? I(c.BestSolved) : "",
                I(c.CheckpointScores.Count), Format.Raw(c.CheckpointMean),
                c.HasBestCheckpoints && c.Threshold is not null ? I(c.CheckpointSolved) : "",
                Format.Raw(c.CheckpointSolvedCi.Low), Format.Raw(c.CheckpointSolvedCi.High),
                Format.Raw(c.Training.Threshold), trainable ? I(c.Training.Reached) : "",
                Format.Raw(c.Training.MedianEpisodes), Format.Raw(c.Training.MedianEnvSteps),
                I(c.Failed), I(c.Unfinished), summary.IsLeader(c) ? "1" : "0",
            ];
            sb.Append(string.Join(',', fields)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Every computed P(X &gt; Y), both directions, in table order of X then Y.</summary>
    public static string ComparisonsToCsv(ReportSummary summary)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', ComparisonColumns)).Append('\n');
        foreach (var x in summary.Configs)
            foreach (var y in summary.Configs)
                if (summary.Find(x.Label, y.Label) is { } c)
                    sb.Append(string.Join(',', Csv.Quote(c.X), Csv.Quote(c.Y), Format.Raw(c.Probability), Format.Raw(c.Ci.Low), Format.Raw(c.Ci.High),
                        c.Paired ? "1" : "0", I(c.Runs), I(summary.Resamples))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The title, question, table, how to read it, the comparisons, and the failed/unfinished trials, as Markdown.</summary>
    public static string ToMarkdown(ReportSummary summary)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(Md(summary.Folder.Name)).Append("\n\n");
        if (summary.Folder.Question is { } q) sb.Append("> ").Append(Md(q)).Append("\n\n");
        if (summary.Folder.NotStarted > 0)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{summary.Folder.NotStarted} of {summary.Folder.PlannedTrialIds.Count} planned trials not started yet.\n\n"));
        if (ReportText.IgnoredNote(summary.Folder) is { } ignored)
            sb.Append(Md(ignored)).Append("\n\n");
        sb.Append(Md(ReportText.SolvedNote(summary))).Append("\n\n");
        var columns = SummaryColumns.For(summary);
        sb.Append("| config | ").Append(string.Join(" | ", columns.Select(c => c.Head))).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(columns.Select(_ => "--:|"))).Append('\n');
        foreach (var c in summary.Configs)
        {
            var best = summary.IsLeader(c);
            var label = Md(Format.Label(c.Label));
            sb.Append("| ").Append(best ? $"**{label}** (best)" : label);
            foreach (var column in columns)
            {
                var cell = column.Cell(c);
                sb.Append(" | ").Append(best && column.Head == "IQM" ? $"**{cell}**" : cell);
            }
            sb.Append(" |\n");
        }
        sb.Append('\n').Append(Md(ReportText.TableNote(summary))).Append("\n\n");
        if (ReportText.BestNote(summary) is { } bestNote) sb.Append(Md(bestNote)).Append("\n\n");
        if (ReportText.TrainingNote(summary) is { Length: > 0 } training) sb.Append(Md(training)).Append("\n\n");
        AppendComparisons(sb, summary);
        if (summary.Problems.Count > 0)
        {
            sb.Append("## Failed and unfinished trials\n\n| trial | config | replicate | seed | status | reason |\n|---|---|--:|--:|---|---|\n");
            foreach (var t in summary.Problems)
                sb.Append("| ").Append(Md(t.TrialId)).Append(" | ").Append(Md(Format.Label(t.ConfigLabel)))
                  .Append(" | ").Append(I(t.Replicate))
                  .Append(" | ").Append(t.Seed.ToString(CultureInfo.InvariantCulture))
                  .Append(" | ").Append(Format.Status(t.State)).Append(" | ").Append(Md(Format.Problem(t))).Append(" |\n");
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>P(row &gt; column) for every computed pair: a matrix, one row per config in table order.</summary>
    private static void AppendComparisons(StringBuilder sb, ReportSummary summary)
    {
        if (summary.Comparisons.Count == 0) return;
        var rows = summary.Configs.Where(c => summary.Comparisons.Any(p => p.X == c.Label)).ToList();
        sb.Append("## Probability of improvement\n\n");
        sb.Append("| P(row > column) | ").Append(string.Join(" | ", rows.Select((_, k) => I(k + 1)))).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(rows.Select(_ => "--:|"))).Append('\n');
        for (var r = 0; r < rows.Count; r++)
        {
            var x = rows[r];
            sb.Append("| ").Append(I(r + 1)).Append(". ").Append(Md(Format.Label(x.Label)));
            foreach (var y in rows)
                sb.Append(" | ").Append(x == y ? "" : summary.Find(x.Label, y.Label) is { } c ? Format.Probability(c) : Format.None);
            sb.Append(" |\n");
        }
        sb.Append('\n').Append(ReportText.ComparisonNote(summary)).Append("\n\n");
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Markdown-safe inline text: HTML-escaped, table and emphasis characters backslash-escaped, one line.</summary>
    internal static string Md(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r' or '\n': sb.Append(' '); break;
                case '\\' or '|' or '*' or '`' or '[' or ']' or '#': sb.Append('\\').Append(ch); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }
}
