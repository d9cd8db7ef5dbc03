using System.Globalization;
using Lab.Core;
using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// When a run counts as having solved its task: an average return of at least the environment's
/// solved-at threshold (Lab.Core's registry, Gymnasium's reward_threshold: 475 for CartPole-v1 at its
/// preset cap of 500). Under a different episode cap the bar scales with the cap when the cap is lower
/// (threshold × cap / preset cap: a v1 cap of 200 needs 190) and stays as it is when the cap is higher
/// (a 10,000-step cap still needs 475). Unknown environments have no threshold, so nothing about
/// solving is reported for them.
/// </summary>
internal static class SolveRule
{
    /// <summary>Training episodes the rolling mean is taken over (notebook 004's pass check, Gym's 100 consecutive trials).</summary>
    public const int Window = 100;

    /// <summary>
    /// The preset episode cap and solve threshold of <paramref name="env"/> (a registered name, in any
    /// case), or null when the registry does not know it.
    /// </summary>
    public static (int Cap, double Threshold)? Preset(string? env)
    {
        var name = env?.Trim();
        foreach (var facts in Environments.All)
            if (string.Equals(facts.Name, name, StringComparison.OrdinalIgnoreCase))
                return (facts.MaxSteps, facts.SolvedAt);
        return null;
    }

    /// <summary>
    /// The threshold for <paramref name="env"/> under an episode cap of <paramref name="cap"/>
    /// (null or non-positive: the preset cap): preset threshold × min(1, cap / preset cap) for tasks
    /// that pay +1 per step survived (CartPole). A threshold at or below 0 (Acrobot, MountainCar: −1 per
    /// step until the goal) stays as it is: there a lower cap does not lower the best return possible.
    /// </summary>
    public static double? Threshold(string? env, int? cap)
    {
        if (Preset(env) is not { } preset) return null;
        var (presetCap, threshold) = preset;
        if (threshold <= 0 || cap is not int c || c <= 0 || c >= presetCap) return threshold;
        return threshold * c / presetCap;
    }

    /// <summary>The threshold a trial's final evaluation is held to: its env under the evaluation's own cap.</summary>
    public static double? EvaluationThreshold(TrialResult trial) =>
        Threshold(trial.Env, trial.ScoringEvaluation?.MaxSteps);

    /// <summary>The threshold a trial's training episodes are held to: its env under params["max_steps"].</summary>
    public static double? TrainingThreshold(TrialResult trial) =>
        Threshold(trial.Env, trial.Params.TryGetValue("max_steps", out var s)
            && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap) ? cap : null);

    /// <summary>Whether the trial's score reaches its evaluation threshold; null when there is no score or no threshold.</summary>
    public static bool? Solved(TrialResult trial) =>
        trial.Score is double score && EvaluationThreshold(trial) is double threshold ? score >= threshold : null;

    /// <summary>
    /// The first training episode at which the mean return of the last <see cref="Window"/> episodes
    /// (that episode included) reaches <paramref name="threshold"/>, counted as the number of episodes run by
    /// then (1-based, whatever the 0-based <c>episode</c> index of metrics.csv); a full window is required, so
    /// no run can solve before its 100th episode. Null when it never does.
    /// </summary>
    public static SolvePoint? FirstSolved(IReadOnlyList<EpisodeRecord> episodes, double threshold, int window = Window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "a window holds at least one episode");
        for (var i = window - 1; i < episodes.Count; i++)
        {
            var sum = 0.0;
            for (var j = i - window + 1; j <= i; j++) sum += episodes[j].Return;
            if (sum / window >= threshold) return new SolvePoint(i + 1, episodes[i].EnvSteps);
        }
        return null;
    }
}
