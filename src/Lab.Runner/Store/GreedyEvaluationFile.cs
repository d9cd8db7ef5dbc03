using System.Text.Json;

namespace Lab.Runner.Store;

/// <summary>
/// eval-&lt;test&gt;-&lt;episodes&gt;x&lt;cap&gt;-seed&lt;seed&gt;.json (eval-best-... for a best.dqn), written by `runner eval` (by default into
/// the trial folder of the model): one greedy test of a saved network. This record is its codec.
/// </summary>
internal sealed record GreedyEvaluationFile(
    string Model, string Env, string Test, int Episodes, int MaxSteps, long Seed,
    double Min, double Max, double Mean, double Median, double Std, double CapShare, double WallSeconds)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>"best" for a trial's best.dqn: its file is eval-best-..., so it never replaces the final model's.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Writes the file into <paramref name="directory"/> (atomically) and returns its path.</summary>
    public string Write(string directory)
    {
        var prefix = Checkpoint is null ? "eval" : "eval-" + Checkpoint;
        var path = Path.Combine(directory, $"{prefix}-{Test}-{Episodes}x{MaxSteps}-seed{Seed}.json");
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = Model, ["env"] = Env, ["test"] = Test, ["episodes"] = Episodes,
            ["max_steps"] = MaxSteps, ["seed"] = Seed, ["min"] = Min, ["max"] = Max,
            ["mean"] = Mean, ["median"] = Median, ["std"] = Std,
            ["cap_share"] = CapShare, ["wall_seconds"] = Math.Round(WallSeconds, 3),
        }, Options) + "\n");
        return path;
    }
}
