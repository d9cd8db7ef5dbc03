using System.Globalization;
using System.Text.Json;
using System.Text;
using Lab.Core;

namespace Lab.Runner.Tests.Reports;

/// <summary>
/// One trial to write in the results-store layout of docs/ARCHITECTURE.md, independently of the
/// trainer. CartPole's reward is 1 per step, so an episode's length is its return.
/// </summary>
internal sealed record SyntheticTrial(string Label, int Replicate)
{
    public string Env { get; init; } = "CartPole-v1";
    public string Experiment { get; init; } = "synthetic";
    public long Seed { get; init; } = 1000;
    public IReadOnlyList<double> Returns { get; init; } = [];
    /// <summary>Evaluations after these episodes, with these means (eval.csv rows).</summary>
    public IReadOnlyList<(int Episode, double Mean)> Evaluations { get; init; } = [];
    /// <summary>null: no status.json (an incomplete trial).</summary>
    public string? Status { get; init; } = "finished";
    public string? Reason { get; init; }
    /// <summary>null: status.json without final_evaluation.</summary>
    public double? FinalMean { get; init; }
    public int EvalCap { get; init; } = 500;
    public string? MaxStepsParam { get; init; }

    public string TrialId
    {
        get
        {
            var safe = new string(Label.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
            return $"{(safe.Length == 0 ? "single" : safe)}-r{Replicate}";
        }
    }

    /// <summary>The env step count after each episode.</summary>
    public long[] CumulativeSteps()
    {
        var steps = new long[Returns.Count];
        long total = 0;
        for (var i = 0; i < Returns.Count; i++) steps[i] = total += Math.Max(1, (long)Math.Round(Returns[i]));
        return steps;
    }

    public string Write(string resultsDir)
    {
        var dir = Path.Combine(resultsDir, TrialId);
        Directory.CreateDirectory(dir);
        var parameters = new Dictionary<string, string> { ["env"] = Env, ["batch_size"] = "64" };
        if (MaxStepsParam is not null) parameters["max_steps"] = MaxStepsParam;
        File.WriteAllText(Path.Combine(dir, "trial.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["trial_id"] = TrialId, ["experiment"] = Experiment, ["config_label"] = Label,
            ["replicate"] = Replicate, ["seed"] = Seed, ["params"] = parameters,
        }));

        var steps = CumulativeSteps();
        var metrics = new StringBuilder("episode,env_steps,return,shaped_return,length,terminated,epsilon,td_loss,mean_max_q,updates\n");
        for (var i = 0; i < Returns.Count; i++)
            metrics.Append(Inv($"{i + 1},{steps[i]},{Returns[i]:R},{Returns[i] - 100:R},{Math.Round(Returns[i])},true,0.05,0.25,{i * 0.1:R},{steps[i]}\n"));
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), metrics.ToString());

        var eval = new StringBuilder("episode,env_steps,episodes,max_steps,mean,std,min,max,median,cap_share,unix_time_ms\n");
        foreach (var (episode, mean) in Evaluations)
            eval.Append(Inv($"{episode},{steps[episode - 1]},20,{EvalCap},{mean:R},5.5,{mean - 10:R},{mean + 10:R},{mean:R},0.1,1700000000000\n"));
        File.WriteAllText(Path.Combine(dir, "eval.csv"), eval.ToString());

        if (Status is not null)
        {
            var status = new Dictionary<string, object?>
            {
                ["status"] = Status, ["reason"] = Reason, ["episodes"] = Returns.Count,
                ["env_steps"] = steps.Length > 0 ? steps[^1] : 0, ["wall_seconds"] = 12.5,
            };
            if (FinalMean is double final)
                status["final_evaluation"] = new Dictionary<string, object>
                {
                    ["episode"] = Returns.Count, ["env_steps"] = steps.Length > 0 ? steps[^1] : 0, ["episodes"] = 20,
                    ["max_steps"] = EvalCap, ["mean"] = final, ["std"] = 3.0, ["min"] = final - 5, ["max"] = final + 5,
                    ["median"] = final, ["cap_share"] = 0.5, ["unix_time_ms"] = 1700000000000,
                };
            File.WriteAllText(Path.Combine(dir, "status.json"), JsonSerializer.Serialize(status));
        }
        return dir;
    }

    /// <summary>A plausible learning curve: returns rising from about 20 towards the cap around episode <paramref name="midpoint"/>, with noise.</summary>
    public static double[] LearningReturns(int episodes, double midpoint, double cap, ulong seed)
    {
        var rng = RngModule.Create(seed);
        var returns = new double[episodes];
        for (var i = 0; i < episodes; i++)
        {
            (var u, rng) = RngModule.NextDouble(rng);
            var level = 15 + (cap - 15) / (1 + Math.Exp(-(i - midpoint) / (midpoint / 6)));
            returns[i] = Math.Clamp(Math.Round(level * (0.8 + 0.6 * u)), 8, cap);
        }
        return returns;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
