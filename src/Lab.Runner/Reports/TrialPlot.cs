using System.Globalization;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// plot.svg for one trial: the return of every training episode (thin), its trailing mean over
/// <see cref="LearningCurves.SmoothingWindow"/> episodes (thick), each evaluation's mean return with
/// a ± one standard deviation whisker, and the solve threshold. A standalone SVG file, fit for an
/// MLflow artifact. The trial runner draws it from the records the trial just produced (written as
/// plot.svg by the Store); it equals the plot of the same trial read back from its folder.
/// </summary>
internal static class TrialPlot
{
    /// <summary>The SVG text for <paramref name="trial"/>.</summary>
    public static string Render(TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var episodes = trial.Episodes;
        var evals = trial.Evaluations.ToList();
        if (trial.FinalEvaluation is { } f && (evals.Count == 0 || f.EnvSteps > evals[^1].EnvSteps)) evals.Add(f);
        var threshold = SolveRule.TrainingThreshold(trial);

        var heading = string.Join(" · ", new[]
        {
            trial.ConfigLabel.Length > 0 ? trial.ConfigLabel : trial.TrialId,
            string.Create(CultureInfo.InvariantCulture, $"replicate {trial.Replicate}"),
            string.Create(CultureInfo.InvariantCulture, $"seed {trial.Seed}"),
            // called at the end of a trial, perhaps before status.json is written: no status is no news
            trial.State == TrialState.Incomplete ? null : Format.Status(trial.State),
            trial.Score is double s && double.IsFinite(s) ? string.Create(CultureInfo.InvariantCulture, $"score {s:0.0}") : null,
        }.Where(p => p is not null));
        // CartPole returns lie in [0, cap]: whiskers are clipped there rather than stretching the axis
        var caps = evals.Select(e => e.MaxSteps).Append(TrainingCap(trial)).Where(c => c > 0).ToList();
        var bounds = SolveRule.Preset(trial.Env) is not null && caps.Count > 0 ? (0.0, (double)caps.Max()) : (double.NegativeInfinity, double.PositiveInfinity);
        double Clip(double y) => Math.Clamp(y, bounds.Item1, bounds.Item2);

        var xMax = Math.Max(1, Math.Max(episodes.Count > 0 ? episodes[^1].Episode : 0, evals.Count > 0 ? evals.Max(e => e.Episode) : 0));
        var ys = episodes.Select(e => e.Return)
            .Concat(evals.SelectMany(e => new[] { e.Mean, Clip(e.Mean + (double.IsFinite(e.Std) ? e.Std : 0)), Clip(e.Mean - (double.IsFinite(e.Std) ? e.Std : 0)) }))
            .Where(double.IsFinite).ToList();
        var yMin = Math.Min(0, ys.Count > 0 ? ys.Min() : 0);
        var yMax = Math.Max(ys.Count > 0 ? ys.Max() : 1, threshold ?? 0);
        var chart = new SvgChart(900, 440, (0, xMax), (yMin, yMax), "training episode", "return", $"Training of trial {trial.TrialId}", heading: Svg.Shorten(heading, 100),
            legend:
            [
                new("return per episode", "#56B4E9", "thin"),
                new($"rolling mean ({LearningCurves.SmoothingWindow} episodes)", "#0072B2"),
                new("evaluation mean ± std", "#D55E00", "dot"),
            ]);
        if (threshold is double th) chart.HorizontalRule(th, $"solved ≥ {Format.Threshold(th)} (mean of {SolveRule.Window})");
        if (episodes.Count == 0) chart.Note("no episodes recorded yet");
        else
        {
            var smoothed = Statistics.RollingMean(episodes.Select(e => e.Return).ToList(), LearningCurves.SmoothingWindow);
            chart.Line([.. episodes.Select(e => ((double)e.Episode, e.Return))], "#56B4E9", null, "raw", trial.ConfigLabel, "return per episode", 1, 0.7);
            chart.Line([.. episodes.Select((e, i) => ((double)e.Episode, smoothed[i]))], "#0072B2", null, "smoothed", trial.ConfigLabel,
                $"rolling mean over {LearningCurves.SmoothingWindow} episodes");
        }
        foreach (var e in evals)
        {
            if (double.IsFinite(e.Std)) chart.Whisker(e.Episode, Clip(e.Mean - e.Std), Clip(e.Mean + e.Std), "#D55E00");
            chart.Dot(e.Episode, e.Mean, "#D55E00", 4.5, string.Create(CultureInfo.InvariantCulture,
                $"evaluation after {e.Episode} training episodes ({e.EnvSteps:#,0} env steps): mean {e.Mean:0.0} ± {e.Std:0.0} over {e.Episodes} episodes, cap {e.MaxSteps}"), "eval");
        }
        return chart.Render(standalone: true);
    }

    private static int TrainingCap(TrialResult t) =>
        t.Params.TryGetValue("max_steps", out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap) && cap > 0
            ? cap : SolveRule.Preset(t.Env)?.Cap ?? 0;
}
