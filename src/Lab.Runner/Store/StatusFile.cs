using System.Text.Json.Serialization;
using System.Text.Json;
using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// The codec of status.json: the <see cref="TrialOutcome"/> of a trial (status, reason, retryable,
/// episodes, env_steps, wall_seconds, unix_time_ms, final_evaluation, and best_checkpoint with
/// evaluation.keep_best), written last and atomically. A
/// trial is done once it exists.
/// </summary>
internal static class StatusFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The status as status.json (and MLflow's dqnlab.status tag) names it.</summary>
    public static string StatusName(TrialStatus status) => status switch
    {
        TrialStatus.Finished => "finished",
        TrialStatus.StoppedEarly => "stopped_early",
        TrialStatus.Failed => "failed",
        TrialStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status a name stands for, ignoring case, underscores and hyphens; null for any other name.</summary>
    private static TrialStatus? ParseStatus(string? name) =>
        name?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "finished" => TrialStatus.Finished,
            "stoppedearly" => TrialStatus.StoppedEarly,
            "failed" => TrialStatus.Failed,
            "interrupted" => TrialStatus.Interrupted,
            _ => null,
        };

    public static void Write(string trialDirectory, TrialOutcome outcome)
    {
        var e = outcome.FinalEvaluation;
        var document = new Dictionary<string, object?>
        {
            ["status"] = StatusName(outcome.Status),
            ["reason"] = outcome.Reason,
            ["retryable"] = outcome.Retryable,
            ["episodes"] = outcome.Episodes,
            ["env_steps"] = outcome.EnvSteps,
            ["wall_seconds"] = Math.Round(outcome.WallSeconds, 3),
            ["unix_time_ms"] = outcome.UnixTimeMs,
            ["final_evaluation"] = e is null ? null : Fields(e),
        };
        // Only with evaluation.keep_best, so every other status.json stays as it was.
        if (outcome.Best is { } best)
            document["best_checkpoint"] = new Dictionary<string, object>
            {
                ["file"] = ResultsLayout.BestModelFile, ["episode"] = best.Episode, ["env_steps"] = best.EnvSteps,
                ["selection_mean"] = best.SelectionMean, ["final_evaluation"] = Fields(best.Evaluation),
            };
        AtomicFile.WriteAllText(Path.Combine(trialDirectory, ResultsLayout.StatusFile),
            JsonSerializer.Serialize(document, Options) + "\n");
    }

    private static Dictionary<string, object> Fields(EvaluationRecord e) => new()
    {
        ["episode"] = e.Episode, ["env_steps"] = e.EnvSteps, ["episodes"] = e.Episodes,
        ["max_steps"] = e.MaxSteps, ["mean"] = e.Mean, ["std"] = e.Std, ["min"] = e.Min, ["max"] = e.Max,
        ["median"] = e.Median, ["cap_share"] = e.CapShare, ["unix_time_ms"] = e.UnixTimeMs,
    };

    /// <summary>How the trial of <paramref name="trialDirectory"/> ended; null when it has not (no status.json).</summary>
    /// <exception cref="FormatException">The file is not valid JSON or its status is none of finished|stopped_early|failed|interrupted.</exception>
    public static TrialOutcome? Read(string trialDirectory)
    {
        var path = Path.Combine(trialDirectory, ResultsLayout.StatusFile);
        if (!StoreFile.Exists(path)) return null;
        using var document = JsonFields.Parse(path, StoreLimits.MaxTrialJsonBytes);
        var root = document.RootElement;
        var name = JsonFields.String(root, "status");
        var status = ParseStatus(name)
                     ?? throw new FormatException($"status.json has status \"{name}\", not finished|stopped_early|failed|interrupted");
        var final = JsonFields.Find(root, "final_evaluation") is { ValueKind: JsonValueKind.Object } f ? Evaluation(f) : null;
        var ended = JsonFields.Long(root, "unix_time_ms")
                    ?? final?.UnixTimeMs
                    ?? new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds();
        return new TrialOutcome(status, JsonFields.NonBlank(root, "reason"), (int)(JsonFields.Long(root, "episodes") ?? 0),
            JsonFields.Long(root, "env_steps") ?? 0, JsonFields.Double(root, "wall_seconds") ?? 0, final, ended)
        {
            Retryable = JsonFields.Bool(root, "retryable") ?? false,
            Best = Best(root),
        };
    }

    /// <summary>best_checkpoint; null without one or without its final evaluation's mean.</summary>
    private static BestCheckpoint? Best(JsonElement root) =>
        JsonFields.Find(root, "best_checkpoint") is { ValueKind: JsonValueKind.Object } b
        && JsonFields.Find(b, "final_evaluation") is { ValueKind: JsonValueKind.Object } f && Evaluation(f) is { } evaluation
            ? new BestCheckpoint((int)(JsonFields.Long(b, "episode") ?? 0), JsonFields.Long(b, "env_steps") ?? 0,
                JsonFields.Double(b, "selection_mean") ?? double.NaN, evaluation)
            : null;

    /// <summary>final_evaluation; null without a mean, the figure a trial is scored by.</summary>
    private static EvaluationRecord? Evaluation(JsonElement e) =>
        JsonFields.Double(e, "mean") is not double mean
            ? null
            : new EvaluationRecord(
                (int)(JsonFields.Long(e, "episode") ?? 0),
                JsonFields.Long(e, "env_steps") ?? 0,
                (int)(JsonFields.Long(e, "episodes") ?? 0),
                (int)(JsonFields.Long(e, "max_steps") ?? 0),
                mean,
                JsonFields.Double(e, "std") ?? double.NaN,
                JsonFields.Double(e, "min") ?? double.NaN,
                JsonFields.Double(e, "max") ?? double.NaN,
                JsonFields.Double(e, "median") ?? double.NaN,
                JsonFields.Double(e, "cap_share") ?? double.NaN,
                JsonFields.Long(e, "unix_time_ms") ?? 0);
}
