using Lab.Agent;
using Lab.Core;
using Lab.Runner.Tests.Support;

namespace Lab.Runner.Tests.Reports;

/// <summary>
/// A trial for the report described by its training returns, built into the trainer's records
/// (<see cref="Build"/>) and written by the Store's writer. CartPole's reward is 1 per step, so an
/// episode's length is its return. Episodes are numbered from 0, as the trainer numbers them.
/// </summary>
internal sealed record TrialSpec(string Label, int Replicate)
{
    public string Env { get; init; } = "CartPole-v1";
    public string Experiment { get; init; } = "synthetic";
    /// <summary>As a sweep numbers them: replicate r of every config has the same seed, so their comparison is paired.</summary>
    public long Seed { get; init; } = 1000 + Replicate;
    public IReadOnlyList<double> Returns { get; init; } = [];
    /// <summary>Evaluations after this many episodes, with these means (eval.csv rows).</summary>
    public IReadOnlyList<(int Episode, double Mean)> Evaluations { get; init; } = [];
    /// <summary>null: no status.json (an incomplete trial).</summary>
    public TrialStatus? Status { get; init; } = TrialStatus.Finished;
    public string? Reason { get; init; }
    /// <summary>null: status.json without final_evaluation.</summary>
    public double? FinalMean { get; init; }
    public int EvalCap { get; init; } = 500;
    /// <summary>The final evaluation's share of episodes that reached the cap, and its lowest return (null: FinalMean − 5).</summary>
    public double FinalCapShare { get; init; } = 0.5;
    public double? FinalMin { get; init; }
    /// <summary>Greedy episodes of every evaluation, periodic and final.</summary>
    public int EvalEpisodes { get; init; } = 20;
    /// <summary>The mean of the best checkpoint's final evaluation (evaluation.keep_best); null: no best checkpoint.</summary>
    public double? BestMean { get; init; }
    /// <summary>More hyperparameters for trial.json (the grid's axes).</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();
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

    public SyntheticTrial Build()
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["env"] = Env, ["batch_size"] = "64" };
        if (MaxStepsParam is not null) parameters["max_steps"] = MaxStepsParam;
        foreach (var (key, value) in Params) parameters[key] = value;
        var info = new TrialInfo(TrialId, Experiment, Label, Replicate, Seed, parameters);
        var steps = CumulativeSteps();
        var lastSteps = steps.Length > 0 ? steps[^1] : 0;
        var episodes = Returns.Select((r, i) => new EpisodeRecord(i, steps[i], r, r - 100, (int)Math.Round(r), true, 0.05, 0.25, 2 + i * 0.2, i * 0.1,
            steps[i], 1000.0, SyntheticTrial.T0 + 10 * i)).ToList();
        var evaluations = Evaluations.Select(e => new EvaluationRecord(e.Episode, steps[e.Episode - 1], EvalEpisodes, EvalCap, e.Mean, 5.5,
            e.Mean - 10, e.Mean + 10, e.Mean, 0.1, SyntheticTrial.T0)).ToList();
        var outcome = Status is { } status
            ? new TrialOutcome(status, Reason, Returns.Count, lastSteps, 12.5,
                FinalMean is double final ? new EvaluationRecord(Returns.Count, lastSteps, EvalEpisodes, EvalCap, final, 3.0, FinalMin ?? final - 5, final + 5, final, FinalCapShare, SyntheticTrial.T0) : null,
                SyntheticTrial.T0)
            {
                Best = BestMean is double b
                    ? new BestCheckpoint(1, steps[0], b, new EvaluationRecord(1, steps[0], EvalEpisodes, EvalCap, b, 0, b, b, b, 1, SyntheticTrial.T0))
                    : null,
            }
            : null;
        return new SyntheticTrial(info, episodes, evaluations, outcome, [0x44, 0x51, 0x4e]);
    }

    public string Write(string resultsDir) => Build().Write(resultsDir);

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
}
