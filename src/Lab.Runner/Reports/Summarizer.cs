using Lab.Core;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>Turns a results folder into per-config statistics across seeds. Pure: the same folder gives the same summary.</summary>
internal static class Summarizer
{
    /// <summary>Bootstrap resamples per IQM interval (rliable's default is 50,000; 10,000 keeps the bounds stable to well under a point of return).</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>The root seed of the bootstrap; each config draws from <c>RngModule.ForStream(BootstrapSeed, "iqm-ci/" + label)</c>, so its interval does not depend on which other configs are present.</summary>
    public const ulong BootstrapSeed = 20210826;

    public static ReportSummary Summarize(ResultsFolder folder, int resamples = DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var configs = folder.Trials
            .Where(t => t.Identified)
            .GroupBy(t => t.ConfigLabel, StringComparer.Ordinal)
            .Select(g => SummarizeConfig(g.Key, [.. g.OrderBy(t => t.Replicate).ThenBy(t => t.TrialId, StringComparer.Ordinal)], resamples))
            .OrderBy(c => double.IsNaN(c.Iqm) ? 1 : 0)
            .ThenByDescending(c => double.IsNaN(c.Iqm) ? 0 : c.Iqm)
            .ThenBy(c => c.Label, StringComparer.Ordinal)
            .ToList();
        var problems = configs.SelectMany(c => c.Trials.Where(t => !t.IsScored))
            .Concat(folder.Trials.Where(t => !t.Identified))
            .ToList();
        return new ReportSummary(folder, configs, problems, resamples);
    }

    public static ConfigSummary SummarizeConfig(string label, IReadOnlyList<TrialResult> trials, int resamples = DefaultResamples)
    {
        var scored = trials.Where(t => t.IsScored).ToList();
        var scores = scored.Select(t => t.Score!.Value).ToList();
        var env = trials.Select(t => t.Env).FirstOrDefault(e => e is not null);
        var seed = RngModule.NextUInt64(RngModule.ForStream(BootstrapSeed, "iqm-ci/" + label)).Item1;
        // one seed says nothing about spread: no interval rather than a zero-width one
        var ci = scores.Count >= 2
            ? Statistics.BootstrapCi(scores, Statistics.Iqm, resamples, 0.95, seed)
            : new ConfidenceInterval(double.NaN, double.NaN);

        double? threshold = scored.Select(SolveRule.EvaluationThreshold).FirstOrDefault(t => t is not null)
                            ?? SolveRule.Threshold(env, null);
        var solved = scored.Count(t => SolveRule.Solved(t) == true);

        var episodesToSolve = new List<double?>();
        var stepsToSolve = new List<double?>();
        var anyTrainingThreshold = false;
        foreach (var t in scored)
        {
            var trainThreshold = SolveRule.TrainingThreshold(t);
            anyTrainingThreshold |= trainThreshold is not null;
            var first = trainThreshold is double th ? SolveRule.FirstSolved(t.Episodes, th) : null;
            episodesToSolve.Add(first?.Episodes);
            stepsToSolve.Add(first?.EnvSteps);
        }

        return new ConfigSummary(
            label, env, trials, scored, scores,
            Statistics.Mean(scores),
            Statistics.Iqm(scores),
            ci,
            Statistics.Median(scores),
            scores.Count > 0 ? scores.Min() : double.NaN,
            scores.Count > 0 ? scores.Max() : double.NaN,
            threshold,
            solved,
            episodesToSolve.Count(e => e is not null),
            anyTrainingThreshold ? Statistics.CensoredMedian(episodesToSolve) : null,
            anyTrainingThreshold ? Statistics.CensoredMedian(stepsToSolve) : null,
            trials.Count(t => t.State == TrialState.Failed),
            trials.Count(t => !t.IsScored && t.State != TrialState.Failed));
    }
}
