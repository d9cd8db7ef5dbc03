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

    /// <summary>One training episode: step = env steps; td_loss and q_values only once updates have begun.</summary>
    public static IEnumerable<MlflowMetric> Episode(EpisodeRecord e)
    {
        var t = e.UnixTimeMs;
        var s = e.EnvSteps;
        yield return new MlflowMetric("charts/episodic_return", e.Return, t, s);
        yield return new MlflowMetric("charts/episodic_length", e.Length, t, s);
        yield return new MlflowMetric("charts/epsilon", e.Epsilon, t, s);
        if (e.Updates > 0 && !double.IsNaN(e.TdLoss)) yield return new MlflowMetric("losses/td_loss", e.TdLoss, t, s);
        if (e.Updates > 0 && !double.IsNaN(e.MeanMaxQ)) yield return new MlflowMetric("losses/q_values", e.MeanMaxQ, t, s);
        // timing.csv keeps one decimal: round the same way so a live point and a synced one are identical
        yield return new MlflowMetric("charts/SPS", Math.Round(e.StepsPerSecond, 1), t, s);
        yield return new MlflowMetric("charts/episode", e.Episode, t, s);
    }

    /// <summary>Metrics per episode row at most (for batching whole rows).</summary>
    public const int MetricsPerEpisode = 7;

    public static IEnumerable<MlflowMetric> Evaluation(EvaluationRecord e, string prefix = "eval/")
    {
        var t = e.UnixTimeMs;
        var s = e.EnvSteps;
        var all = new (string Key, double Value)[]
        {
            ("mean_return", e.Mean), ("std_return", e.Std), ("min_return", e.Min), ("max_return", e.Max),
            ("median_return", e.Median), ("cap_share", e.CapShare),
        };
        foreach (var (key, value) in all)
            if (!double.IsNaN(value)) yield return new MlflowMetric(prefix + key, value, t, s);
    }

    public const int MetricsPerEvaluation = 6;

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

    public static string SweepFilter(string sweepId) => TagFilter(SweepIdTag, sweepId);

    /// <summary>tags."key" = 'value': MLflow's search syntax quotes a name with a period in double quotes.</summary>
    private static string TagFilter(string key, string value) =>
        value.Contains('\'') ? $"tags.\"{key}\" = \"{value}\"" : $"tags.\"{key}\" = '{value}'";
}
