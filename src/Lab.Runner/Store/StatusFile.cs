using System.Text.Json.Serialization;
using System.Text.Json;
using Lab.Agent;
using Lab.Runner.Config;

namespace Lab.Runner.Store;

/// <summary>status.json: how a trial ended, written last and atomically.</summary>
public static class StatusFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string StatusName(TrialStatus status) => status switch
    {
        TrialStatus.Finished => "finished",
        TrialStatus.StoppedEarly => "stopped_early",
        TrialStatus.Failed => "failed",
        TrialStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
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
            ["final_evaluation"] = e is null ? null : new Dictionary<string, object>
            {
                ["episode"] = e.Episode, ["env_steps"] = e.EnvSteps, ["episodes"] = e.Episodes,
                ["max_steps"] = e.MaxSteps, ["mean"] = e.Mean, ["std"] = e.Std, ["min"] = e.Min, ["max"] = e.Max,
                ["median"] = e.Median, ["cap_share"] = e.CapShare, ["unix_time_ms"] = e.UnixTimeMs,
            },
        };
        AtomicFile.WriteAllText(Path.Combine(trialDirectory, ResultsLayout.StatusFile),
            JsonSerializer.Serialize(document, Options) + "\n");
    }

    /// <summary>Status name and whether a failure may be retried; null when the trial has not ended.</summary>
    public static (string Status, bool Retryable)? Read(string trialDirectory)
    {
        var path = Path.Combine(trialDirectory, ResultsLayout.StatusFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var status = root.GetProperty("status").GetString();
            if (status is null) return null;
            var retryable = root.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True;
            return (status, retryable);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
