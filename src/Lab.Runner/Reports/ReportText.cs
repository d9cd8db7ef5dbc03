using System.Globalization;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>The sentences that explain the table, shared by the terminal, summary.md and report.html.</summary>
internal static class ReportText
{
    public static string TableNote(ReportSummary s)
    {
        var thresholds = s.Configs.Select(c => c.Threshold).Where(t => t is not null).Distinct().Select(t => Format.Threshold(t)).ToList();
        var solvedAt = thresholds.Count == 0 ? "no known solve threshold for this env" : $"solved = final evaluation mean ≥ {string.Join(" / ", thresholds)}";
        var resamples = s.Resamples.ToString("#,0", CultureInfo.InvariantCulture);
        return "Score = a seed's final evaluation mean return (status.json's final evaluation, else the last eval.csv row). "
            + "IQM = interquartile mean, the mean of the scores left after cutting floor(n/4) from each end (scipy trim_mean 0.25, as rliable). "
            + $"95% CI = percentile bootstrap of the IQM over seeds ({resamples} resamples, fixed seed). "
            + $"{solvedAt}. "
            + $"Episodes/env steps to solve = median over seeds of the first episode whose last {SolveRule.Window} training returns average ≥ the threshold "
            + "(a seed that never got there counts as never, so — when most never did); in brackets, seeds that got there. "
            + "Rows sorted by IQM, best first; see docs/REPORTS.md.";
    }

    /// <summary>What to do about trial folders that sweep.json does not list.</summary>
    public const string IgnoredHint = "An earlier version of the grid? Use --out to keep versions apart, or delete them.";

    /// <summary>
    /// "3 trial folders not part of this sweep (ignored): a, b, c (an earlier version ...)", or null when
    /// every trial folder belongs to the sweep. Names are listed up to <paramref name="maxNames"/>.
    /// </summary>
    public static string? IgnoredNote(ResultsFolder folder, int maxNames = 12)
    {
        var ignored = folder.Ignored;
        if (ignored.Count == 0) return null;
        var names = ignored.Select(t => Path.GetFileName(Path.TrimEndingDirectorySeparator(t.Directory))).ToList();
        var listed = string.Join(", ", names.Take(maxNames)) + (names.Count > maxNames ? $", … ({names.Count - maxNames} more)" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"{names.Count} trial folder{(names.Count == 1 ? "" : "s")} not part of this sweep (ignored): {listed}. {IgnoredHint}");
    }
}
