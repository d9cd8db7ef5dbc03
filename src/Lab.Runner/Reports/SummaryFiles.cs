using System.Globalization;
using System.Text;

namespace Lab.Runner.Reports;

/// <summary>summary.csv (full precision, for tools) and summary.md (rounded, for people) of a sweep.</summary>
internal static class SummaryFiles
{
    /// <summary>The columns of summary.csv, in order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "config", "env", "seeds", "mean", "iqm", "iqm_ci_low", "iqm_ci_high", "median", "min", "max",
        "threshold", "solved", "solved_share", "reached_solve", "episodes_to_solve_median",
        "env_steps_to_solve_median", "failed", "unfinished",
    ];

    /// <summary>
    /// One row per config in table order; numbers invariant with "R" round-trip precision; an empty
    /// field where a number does not exist (no seeds, no threshold, a median time to solve of +∞).
    /// </summary>
    public static string ToCsv(ReportSummary summary)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var c in summary.Configs)
        {
            string[] fields =
            [
                Quote(c.Label), Quote(c.Env ?? ""), c.Seeds.ToString(CultureInfo.InvariantCulture),
                Format.Raw(c.Mean), Format.Raw(c.Iqm), Format.Raw(c.IqmCi.Low), Format.Raw(c.IqmCi.High),
                Format.Raw(c.Median), Format.Raw(c.Min), Format.Raw(c.Max), Format.Raw(c.Threshold),
                c.Threshold is null ? "" : c.Solved.ToString(CultureInfo.InvariantCulture),
                Format.Raw(c.SolvedShare),
                c.Threshold is null ? "" : c.ReachedSolve.ToString(CultureInfo.InvariantCulture),
                Format.Raw(c.EpisodesToSolve), Format.Raw(c.EnvStepsToSolve),
                c.Failed.ToString(CultureInfo.InvariantCulture), c.Unfinished.ToString(CultureInfo.InvariantCulture),
            ];
            sb.Append(string.Join(',', fields)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The title, question, table, how to read it, and the failed/unfinished trials, as Markdown.</summary>
    public static string ToMarkdown(ReportSummary summary)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(Md(summary.Folder.Name)).Append("\n\n");
        if (summary.Folder.Question is { } q) sb.Append("> ").Append(Md(q)).Append("\n\n");
        if (summary.Folder.NotStarted > 0)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{summary.Folder.NotStarted} of {summary.Folder.PlannedTrialIds.Count} planned trials not started yet.\n\n"));
        if (ReportText.IgnoredNote(summary.Folder) is { } ignored)
            sb.Append(Md(ignored)).Append("\n\n");
        sb.Append("| config | seeds | mean | IQM | IQM 95% CI | median | min | max | solved | episodes to solve | env steps to solve | failed |\n");
        sb.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (var i = 0; i < summary.Configs.Count; i++)
        {
            var c = summary.Configs[i];
            var best = i == 0 && c.Seeds > 0;
            var label = Md(Format.Label(c.Label));
            sb.Append("| ").Append(best ? $"**{label}** (best IQM)" : label)
              .Append(" | ").Append(c.Seeds.ToString(CultureInfo.InvariantCulture))
              .Append(" | ").Append(Format.Score(c.Mean))
              .Append(" | ").Append(best ? $"**{Format.Score(c.Iqm)}**" : Format.Score(c.Iqm))
              .Append(" | ").Append(Format.Ci(c.IqmCi))
              .Append(" | ").Append(Format.Score(c.Median))
              .Append(" | ").Append(Format.Score(c.Min))
              .Append(" | ").Append(Format.Score(c.Max))
              .Append(" | ").Append(Format.Solved(c))
              .Append(" | ").Append(Format.ToSolve(c.EpisodesToSolve, c))
              .Append(" | ").Append(Format.ToSolve(c.EnvStepsToSolve, c))
              .Append(" | ").Append(c.Failed.ToString(CultureInfo.InvariantCulture))
              .Append(" |\n");
        }
        sb.Append('\n').Append(Md(ReportText.TableNote(summary))).Append("\n");
        if (summary.Problems.Count > 0)
        {
            sb.Append("\n## Failed and unfinished trials\n\n| trial | config | replicate | seed | status | reason |\n|---|---|--:|--:|---|---|\n");
            foreach (var t in summary.Problems)
                sb.Append("| ").Append(Md(t.TrialId)).Append(" | ").Append(Md(Format.Label(t.ConfigLabel)))
                  .Append(" | ").Append(t.Replicate.ToString(CultureInfo.InvariantCulture))
                  .Append(" | ").Append(t.Seed.ToString(CultureInfo.InvariantCulture))
                  .Append(" | ").Append(Format.Status(t.State)).Append(" | ").Append(Md(Format.Problem(t))).Append(" |\n");
        }
        return sb.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 && field.Trim() == field ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Markdown-safe inline text: HTML-escaped, table and emphasis characters backslash-escaped, one line.</summary>
    private static string Md(string text)
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
