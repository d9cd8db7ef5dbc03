using System.Globalization;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>The sentences that explain the table, shared by the terminal, summary.md and report.html.</summary>
internal static class ReportText
{
    /// <summary>How "solved" was judged, for every distinct protocol and threshold in the report.</summary>
    public static string SolvedNote(ReportSummary s)
    {
        var groups = s.Configs.Where(c => c.Seeds > 0 && c.Threshold is not null)
            .GroupBy(c => (c.Protocol.Describe(), c.Threshold))
            .ToList();
        if (groups.Count == 0) return "Solved: no known solve threshold for this env, so nothing is reported as solved.";
        string Rule(IGrouping<(string Protocol, double? Threshold), ConfigSummary> g) =>
            $"mean return ≥ {Format.Threshold(g.Key.Threshold)} over {g.Key.Protocol}";
        var rules = groups.Count == 1
            ? Rule(groups[0])
            : string.Join("; ", groups.Select(g => $"{Rule(g)} ({string.Join(", ", g.Select(c => Format.Label(c.Label)))})"));
        return "How “solved” was judged: a seed is solved when its final greedy evaluation (the network at the end of training, "
            + $"not the best one seen; {ScoringProtocol.Checkpoint} checkpoint) has {rules}. "
            + "The share comes with its exact 95% interval (Clopper–Pearson), which with few seeds is wide."
            + (s.Configs.Any(c => c.HasBestCheckpoints) ? " " + CheckpointNote : "");
    }

    /// <summary>What the best-checkpoint columns judge, and why they are not the headline.</summary>
    public const string CheckpointNote =
        "The best-checkpoint columns judge the same way, on the same start states, each seed's best checkpoint (evaluation.keep_best: best.dqn, "
        + "the network of its periodic evaluation with the highest mean, the end of training counting as one more, the first on a tie); that network was chosen on its periodic evaluations, "
        + "whose start states are the first of the final evaluation's, so its figure is biased upward and the final checkpoint stays the headline (as rliable recommends).";

    /// <summary>What the training columns measure, and that it is not "solved".</summary>
    public static string TrainingNote(ReportSummary s)
    {
        var thresholds = s.Configs.Select(c => c.Training.Threshold).Where(t => t is not null).Distinct().Select(t => Format.Threshold(t)).ToList();
        if (thresholds.Count == 0) return "";
        return $"The “train mean ≥ {string.Join(" / ", thresholds)}” columns are a different test: of training returns, under ε-greedy exploration. "
            + $"For each seed, the first training episode at which the mean of the last {SolveRule.Window} training returns reached the threshold (scaled to the training cap); "
            + "“seeds” counts the seeds that got there; “median episodes” is the number of training episodes run by then (a count from 1, so at least 100), "
            + "the median over all seeds with a seed that never got there counting as never (so — when half or more never did). "
            + "A seed can pass one test and fail the other.";
    }

    /// <summary>The best-evaluation columns, when there are any: what they are and why they are not the headline.</summary>
    public static string? BestNote(ReportSummary s) =>
        s.Configs.Any(c => c.HasPeriodicEvaluations)
            ? "Best eval = each seed's highest evaluation mean during training or at the end: what keeping the best checkpoint (SB3's EvalCallback best_model) "
              + "would have scored on those same episodes. It is chosen by the very numbers it reports, so it is biased upward; the final evaluation stays the headline (as rliable recommends). "
              + "A large gap between the two is a seed that got there and then collapsed."
            : null;

    /// <summary>Score, IQM, interval and sort order, with why a row is (or none is) marked best.</summary>
    public static string TableNote(ReportSummary s)
    {
        var resamples = s.Resamples.ToString("#,0", CultureInfo.InvariantCulture);
        return "Score = a seed's final evaluation mean return (status.json's final evaluation, else the last eval.csv row). "
            + "IQM = interquartile mean, the mean of the scores left after cutting floor(n/4) from each end (scipy trim_mean 0.25, as rliable). "
            + $"95% CI = percentile bootstrap of the IQM over seeds ({resamples} resamples, rliable's default; fixed seed). "
            + "Rows sorted by IQM. " + s.LeaderNote + " See docs/REPORTS.md.";
    }

    /// <summary>What the probability-of-improvement table shows.</summary>
    public static string ComparisonNote(ReportSummary s)
    {
        var paired = s.Comparisons.Count(c => c.Paired);
        var pairing = paired == s.Comparisons.Count
            ? "Runs are paired by seed (replicate r of every config starts from the same states) and resampled together."
            : paired == 0
                ? "The configs share fewer than two seeds, so their runs are resampled independently (rliable's StratifiedIndependentBootstrap)."
                : "Runs are paired by seed where two configs share at least two seeds (resampled together); otherwise resampled independently.";
        var limit = s.Configs.Count(c => c.Seeds > 0) > Summarizer.MaxPairwiseConfigs
            ? string.Create(CultureInfo.InvariantCulture, $" With more than {Summarizer.MaxPairwiseConfigs} configs only the top row is compared with each other.")
            : "";
        return "P(X > Y) = rliable's probability of improvement: the chance that a run of X scores higher than a run of Y (ties count half), "
            + "over all pairs of their final scores; 0.5 means the seeds cannot tell them apart. "
            + $"In brackets its 95% percentile-bootstrap interval ({s.Resamples.ToString("#,0", CultureInfo.InvariantCulture)} resamples). {pairing} "
            + "An interval wholly above 0.5 says X beats Y more often than not." + limit;
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
