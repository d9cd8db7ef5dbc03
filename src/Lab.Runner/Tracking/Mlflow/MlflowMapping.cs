using System.Globalization;
using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// How DqnLab's trials appear in MLflow (docs/MLFLOW.md): names, params, tags and metric keys. The live
/// sink and `runner mlflow sync` both map through here, so they produce the same runs.
/// </summary>
internal static class MlflowMapping
{
    public const string TrialIdTag = "dqnlab.trial_id";
    public const string SweepIdTag = "dqnlab.sweep_id";
    public const string QuestionTag = "dqnlab.question";
    public const string GridTag = "dqnlab.grid";
    public const string StatusTag = "dqnlab.status";
    public const string ReasonTag = "dqnlab.reason";
    public const string ConfigLabelTag = "dqnlab.config";
    public const string ReplicateTag = "dqnlab.replicate";
    public const string NoteTag = "mlflow.note.content";
    public const string RunNameTag = "mlflow.runName";
    public const string ParentRunTag = "mlflow.parentRunId";
    public const string UserTag = "mlflow.user";
    public const string SourceNameTag = "mlflow.source.name";
    public const string SourceTypeTag = "mlflow.source.type";
    public const string GitCommitTag = "mlflow.source.git.commit";
    public const string SourceName = "runner";
    /// <summary>The grid file on the sweep's parent run.</summary>
    public const string GridArtifact = "grid.yaml";

    public static string RunName(TrialInfo trial) =>
        (trial.ConfigLabel.Length > 0 ? trial.ConfigLabel + " " : "") + "seed=" + trial.Seed.ToString(CultureInfo.InvariantCulture);

    public static string SweepRunName(string gridName) => gridName + " (sweep)";

    /// <summary>Every resolved hyperparameter under its dotted name, plus replicate and seed (env is a hyperparameter).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Params(TrialInfo trial)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in trial.Params) result[key] = value;
        var seed = trial.Seed.ToString(CultureInfo.InvariantCulture);
        if (!result.TryGetValue("seed", out var configSeed)) result["seed"] = seed;
        else if (configSeed != seed) result["trial_seed"] = seed;
        result.TryAdd("replicate", trial.Replicate.ToString(CultureInfo.InvariantCulture));
        return result.ToList();
    }

    public static Dictionary<string, string> TrialTags(TrialInfo trial, string? parentRunId, MlflowRunSource source)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunNameTag] = RunName(trial),
            [TrialIdTag] = trial.TrialId,
            [ConfigLabelTag] = trial.ConfigLabel,
            [ReplicateTag] = trial.Replicate.ToString(CultureInfo.InvariantCulture),
        };
        AddSource(tags, source);
        if (parentRunId is not null) tags[ParentRunTag] = parentRunId;
        return tags;
    }

    public static Dictionary<string, string> SweepTags(string gridName, string sweepId, MlflowRunSource source, string? question)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunNameTag] = SweepRunName(gridName),
            [SweepIdTag] = sweepId,
        };
        if (!string.IsNullOrWhiteSpace(question)) tags[NoteTag] = question;
        AddSource(tags, source);
        return tags;
    }

    /// <summary>Experiment tags: the question as the experiment's description, and the grid file when it fits.</summary>
    public static Dictionary<string, string> ExperimentTags(string? question, string? gridText)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(question))
        {
            tags[NoteTag] = question;
            tags[QuestionTag] = question;
        }
        if (!string.IsNullOrEmpty(gridText))
            tags[GridTag] = gridText.Length <= MlflowLimits.MaxExperimentTagValueLength
                ? gridText
                : $"(grid file of {gridText.Length} characters: see artifact {GridArtifact} of the sweep's parent run)";
        return tags;
    }

    private static void AddSource(Dictionary<string, string> tags, MlflowRunSource source)
    {
        tags[SourceNameTag] = SourceName;
        tags[SourceTypeTag] = "LOCAL";
        if (!string.IsNullOrEmpty(source.User)) tags[UserTag] = source.User;
        if (!string.IsNullOrEmpty(source.GitCommit)) tags[GitCommitTag] = source.GitCommit;
    }

    /// <summary>Grouped charts compare seeds at steps they all share: every this many env steps.</summary>
    public const long GroupedStepInterval = 1000;
    /// <summary>grouped/episodic_return is the mean return of this many episodes (the last ones ended by the step).</summary>
    public const int GroupedReturnWindow = 10;

    public const string GroupedReturnKey = "grouped/episodic_return";
    public const string GroupedEvalKey = "grouped/eval_mean_return";

    private static readonly string[] EpisodeKeys =
    [
        "charts/episodic_return", "charts/episodic_length", "charts/epsilon", "losses/td_loss", "losses/q_values", "charts/SPS",
        "charts/episode", "dqnlab/mean_max_q", "dqnlab/episode_sps", GroupedReturnKey, GroupedEvalKey,
    ];

    private static readonly string[] EvaluationKeys = ["mean_return", "std_return", "min_return", "max_return", "median_return", "cap_share"];

    /// <summary>Every metric key a trial can log (the ones whose history is read before points of unknown fate are sent again).</summary>
    public static IReadOnlyList<string> AllMetricKeys { get; } =
        [.. EpisodeKeys, .. EvaluationKeys.Select(k => "eval/" + k), .. EvaluationKeys.Select(k => "final/" + k)];

    /// <summary>
    /// The points of episode row <paramref name="row"/>, step = env steps. Some depend on the rows before it
    /// (charts/SPS, the grouped/ points), so <paramref name="episodes"/> holds every row up to it and
    /// <paramref name="evaluations"/> every evaluation that ran before it: the same rows give the same
    /// points, live or from the files.
    /// </summary>
    /// <remarks>
    /// As in CleanRL: losses/td_loss is the batch loss and losses/q_values the batch's mean Q(s, a) of the taken
    /// actions before the update (each the mean over the episode's updates), charts/SPS is env
    /// steps per second since the first episode ended (whole steps, as CleanRL's int()). DqnLab's own
    /// statistics keep their own names: dqnlab/mean_max_q (max_a Q(s, a) over the episode's steps, as acted
    /// on) and dqnlab/episode_sps (the episode's own steps per second, one decimal as in timing.csv).
    /// </remarks>
    public static IEnumerable<MlflowMetric> Episode(IReadOnlyList<EpisodeRecord> episodes, int row, IReadOnlyList<EvaluationRecord> evaluations)
    {
        var e = episodes[row];
        var t = e.UnixTimeMs;
        var s = e.EnvSteps;
        yield return new MlflowMetric("charts/episodic_return", e.Return, t, s);
        yield return new MlflowMetric("charts/episodic_length", e.Length, t, s);
        yield return new MlflowMetric("charts/epsilon", e.Epsilon, t, s);
        if (e.Updates > 0 && !double.IsNaN(e.TdLoss)) yield return new MlflowMetric("losses/td_loss", e.TdLoss, t, s);
        if (e.Updates > 0 && !double.IsNaN(e.TakenQ)) yield return new MlflowMetric("losses/q_values", e.TakenQ, t, s);
        if (row > 0 && t - episodes[0].UnixTimeMs is var elapsed and > 0)
            yield return new MlflowMetric("charts/SPS", Math.Floor((s - episodes[0].EnvSteps) * 1000.0 / elapsed), t, s);
        yield return new MlflowMetric("charts/episode", e.Episode, t, s);
        if (!double.IsNaN(e.MeanMaxQ)) yield return new MlflowMetric("dqnlab/mean_max_q", e.MeanMaxQ, t, s);
        // timing.csv keeps one decimal: round the same way so a live point and a synced one are identical
        yield return new MlflowMetric("dqnlab/episode_sps", Math.Round(e.StepsPerSecond, 1), t, s);
        foreach (var point in Grouped(episodes, row, evaluations)) yield return point;
    }

    /// <summary>
    /// The grouped/ points that row <paramref name="row"/> settles: one per multiple g of
    /// <see cref="GroupedStepInterval"/> env steps that the episode before it had reached and this one
    /// passes, i.e. the first row to end after g. At g: the mean return of the last
    /// <see cref="GroupedReturnWindow"/> episodes ended by g, and the mean return of the latest greedy
    /// evaluation by g. Every seed has a point at every g it trained past, so MLflow's grouped charts
    /// (which average runs step by step) average all seeds at every point.
    /// </summary>
    private static IEnumerable<MlflowMetric> Grouped(IReadOnlyList<EpisodeRecord> episodes, int row, IReadOnlyList<EvaluationRecord> evaluations)
    {
        if (row == 0) yield break;
        var e = episodes[row];
        var reached = episodes[row - 1].EnvSteps;
        var first = (reached + GroupedStepInterval - 1) / GroupedStepInterval * GroupedStepInterval;
        if (first >= e.EnvSteps) yield break;
        var window = Math.Min(GroupedReturnWindow, row);
        var sum = 0.0;
        for (var i = row - window; i < row; i++) sum += episodes[i].Return;
        EvaluationRecord? latest = null;
        foreach (var v in evaluations)
            if (v.Episode <= row) latest = v;
        for (var g = first; g < e.EnvSteps; g += GroupedStepInterval)
        {
            yield return new MlflowMetric(GroupedReturnKey, sum / window, e.UnixTimeMs, g);
            if (latest is not null && !double.IsNaN(latest.Mean)) yield return new MlflowMetric(GroupedEvalKey, latest.Mean, e.UnixTimeMs, g);
        }
    }

    public static IEnumerable<MlflowMetric> Evaluation(EvaluationRecord e, string prefix = "eval/")
    {
        var values = new[] { e.Mean, e.Std, e.Min, e.Max, e.Median, e.CapShare };
        for (var i = 0; i < EvaluationKeys.Length; i++)
            if (!double.IsNaN(values[i])) yield return new MlflowMetric(prefix + EvaluationKeys[i], values[i], e.UnixTimeMs, e.EnvSteps);
    }

    /// <summary>The final standard test (status.json's final_evaluation) under final/...</summary>
    public static IEnumerable<MlflowMetric> Final(TrialOutcome outcome) =>
        outcome.FinalEvaluation is { } e ? Evaluation(e, "final/") : [];

    public static IReadOnlyList<KeyValuePair<string, string>> OutcomeTags(TrialOutcome outcome)
    {
        var tags = new List<KeyValuePair<string, string>> { new(StatusTag, StatusFile.StatusName(outcome.Status)) };
        if (!string.IsNullOrEmpty(outcome.Reason)) tags.Add(new(ReasonTag, outcome.Reason));
        return tags;
    }

    public static string RunStatus(TrialStatus status) => status switch
    {
        TrialStatus.Finished or TrialStatus.StoppedEarly => MlflowRunStatus.Finished,
        TrialStatus.Failed => MlflowRunStatus.Failed,
        _ => MlflowRunStatus.Killed,
    };

    public static string TrialFilter(string trialId) => TagFilter(TrialIdTag, trialId);

    /// <summary>The runs of one trial in one sweep: a run belongs to the sweep whose parent run it names.</summary>
    public static string TrialFilter(string trialId, string? parentRunId) =>
        parentRunId is null ? TrialFilter(trialId) : TrialFilter(trialId) + " AND " + TagFilter(ParentRunTag, parentRunId);

    public static string SweepFilter(string sweepId) => TagFilter(SweepIdTag, sweepId);

    /// <summary>tags."key" = 'value': MLflow's search syntax quotes a name with a period in double quotes.</summary>
    private static string TagFilter(string key, string value) =>
        value.Contains('\'') ? $"tags.\"{key}\" = \"{value}\"" : $"tags.\"{key}\" = '{value}'";
}
