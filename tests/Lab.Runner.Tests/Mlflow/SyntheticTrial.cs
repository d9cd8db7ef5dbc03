using System.Globalization;
using System.Text.Json;
using System.Text;
using Lab.Agent;
using Lab.Runner.Execution;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>
/// A made-up trial, written to disk in the results-store format of docs/ARCHITECTURE.md (by hand, not by
/// the trainer or ResultsSink) and replayable as trainer events, so a live log and a sync see the same data.
/// </summary>
public sealed record SyntheticTrial(
    TrialInfo Info,
    IReadOnlyList<EpisodeRecord> Episodes,
    IReadOnlyList<EvaluationRecord> Evaluations,
    TrialOutcome? Outcome,
    byte[] Model)
{
    public const long T0 = 1_700_000_000_000;

    public string TrialId => Info.TrialId;

    /// <param name="evaluateEvery">An evaluation after every this many episodes.</param>
    /// <param name="status">null: the trial has not ended (no status.json).</param>
    public static SyntheticTrial Make(string experiment, int batchSize, int replicate, int episodes, int evaluateEvery = 10,
        TrialStatus? status = TrialStatus.Finished, IReadOnlyDictionary<string, string>? extraParams = null)
    {
        var seed = 100L * batchSize + replicate;
        var label = $"batch_size={batchSize}";
        var trialId = $"batch_size={batchSize}-r{replicate}-{seed:x8}";
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["batch_size"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["env"] = "CartPole-v1",
            ["epsilon.min"] = "0.05",
            ["gamma"] = "0.99",
            ["network.hidden"] = "[64, 64]",
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extraParams ?? new Dictionary<string, string>()) parameters[key] = value;
        var info = new TrialInfo(trialId, experiment, label, replicate, seed, parameters);

        var rows = new List<EpisodeRecord>();
        var evaluations = new List<EvaluationRecord>();
        long steps = 0, updates = 0;
        var time = T0 + seed * 1000;
        for (var e = 0; e < episodes; e++)
        {
            var length = 10 + (int)((e * 7 + seed) % 40);
            steps += length;
            updates += e < 3 ? 0 : length;
            time += 17 + e % 5;
            var noLearning = updates == 0;
            rows.Add(new EpisodeRecord(e, steps, length + 1.0 / 3, length - 0.25, length, e % 4 != 0, Math.Max(0.05, 1 - e / 50.0),
                noLearning ? double.NaN : 1.0 / (e + 1) + seed * 1e-9, noLearning ? double.NaN : e * 0.1 + 1.0 / 7,
                updates, 1234.5678 + e, time));
            if ((e + 1) % evaluateEvery == 0)
            {
                time += 3;
                evaluations.Add(Evaluation(e, steps, time, e * 1.5 + 1.0 / 3));
            }
        }
        TrialOutcome? outcome = null;
        if (status is { } s)
        {
            time += 11;
            outcome = new TrialOutcome(s, s == TrialStatus.Failed ? "diverged: td_loss is NaN" : null, episodes, steps, 12.345,
                s == TrialStatus.Failed ? null : Evaluation(episodes - 1, steps, time - 5, 400.25 + replicate), time);
        }
        var model = Encoding.UTF8.GetBytes($"DQN model of {trialId}\n").Concat(Enumerable.Range(0, 2000).Select(i => (byte)(i * 31 + seed))).ToArray();
        return new SyntheticTrial(info, rows, evaluations, outcome, model);
    }

    private static EvaluationRecord Evaluation(int episode, long steps, long time, double mean) =>
        new(episode, steps, 10, 500, mean, mean / 10 + 0.125, mean - 20, Math.Min(500, mean + 20), mean + 1, mean > 400 ? 0.5 : 0, time);

    /// <summary>The trial as the trainer would tell it: started, episodes with evaluations between them, finished.</summary>
    public void Replay(ITrialSink sink)
    {
        sink.OnStarted(Info);
        var next = 0;
        foreach (var episode in Episodes)
        {
            sink.OnEpisode(Info, episode);
            while (next < Evaluations.Count && Evaluations[next].Episode == episode.Episode) sink.OnEvaluation(Info, Evaluations[next++]);
        }
        if (Outcome is { } outcome) sink.OnFinished(Info, outcome);
    }

    /// <summary>Writes the trial folder as the results store does; <paramref name="episodesWritten"/> cuts it short (a trial still running).</summary>
    public string Write(string experimentDirectory, int? episodesWritten = null)
    {
        var directory = Path.Combine(experimentDirectory, TrialId);
        Directory.CreateDirectory(directory);
        var options = new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        File.WriteAllText(Path.Combine(directory, "trial.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["trial_id"] = Info.TrialId, ["experiment"] = Info.Experiment, ["config_label"] = Info.ConfigLabel,
            ["replicate"] = Info.Replicate, ["seed"] = Info.Seed, ["params"] = Info.Params,
        }, options) + "\n");
        File.WriteAllText(Path.Combine(directory, "config.yaml"), $"name: {Info.Experiment}\nbatch_size: {Info.Params["batch_size"]}\nseed: {Info.Seed}\n");
        var count = episodesWritten ?? Episodes.Count;
        var metrics = new StringBuilder("episode,env_steps,return,shaped_return,length,terminated,epsilon,td_loss,mean_max_q,updates\n");
        var timing = new StringBuilder("episode,unix_time_ms,steps_per_second\n");
        foreach (var e in Episodes.Take(count))
        {
            metrics.Append(CultureInfo.InvariantCulture, $"{e.Episode},{e.EnvSteps},{F(e.Return)},{F(e.ShapedReturn)},{e.Length},{(e.Terminated ? 1 : 0)},{F(e.Epsilon)},{F(e.TdLoss)},{F(e.MeanMaxQ)},{e.Updates}\n");
            timing.Append(CultureInfo.InvariantCulture, $"{e.Episode},{e.UnixTimeMs},{Math.Round(e.StepsPerSecond, 1).ToString(CultureInfo.InvariantCulture)}\n");
        }
        File.WriteAllText(Path.Combine(directory, "metrics.csv"), metrics.ToString());
        File.WriteAllText(Path.Combine(directory, "timing.csv"), timing.ToString());
        var eval = new StringBuilder("episode,env_steps,episodes,max_steps,mean,std,min,max,median,cap_share,unix_time_ms\n");
        foreach (var v in Evaluations.Where(v => v.Episode < count))
            eval.Append(CultureInfo.InvariantCulture, $"{v.Episode},{v.EnvSteps},{v.Episodes},{v.MaxSteps},{F(v.Mean)},{F(v.Std)},{F(v.Min)},{F(v.Max)},{F(v.Median)},{F(v.CapShare)},{v.UnixTimeMs}\n");
        File.WriteAllText(Path.Combine(directory, "eval.csv"), eval.ToString());
        if (Outcome is { } o && count == Episodes.Count)
        {
            File.WriteAllBytes(Path.Combine(directory, "model.dqn"), Model);
            File.WriteAllText(Path.Combine(directory, "plot.svg"), $"<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{TrialId}</title></svg>\n");
            var final = o.FinalEvaluation;
            File.WriteAllText(Path.Combine(directory, "status.json"), JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["status"] = o.Status switch
                {
                    TrialStatus.Finished => "finished", TrialStatus.StoppedEarly => "stopped_early",
                    TrialStatus.Failed => "failed", _ => "interrupted",
                },
                ["reason"] = o.Reason, ["episodes"] = o.Episodes, ["env_steps"] = o.EnvSteps,
                ["wall_seconds"] = o.WallSeconds, ["unix_time_ms"] = o.UnixTimeMs,
                ["final_evaluation"] = final is null ? null : new Dictionary<string, object>
                {
                    ["episode"] = final.Episode, ["env_steps"] = final.EnvSteps, ["episodes"] = final.Episodes,
                    ["max_steps"] = final.MaxSteps, ["mean"] = final.Mean, ["std"] = final.Std, ["min"] = final.Min,
                    ["max"] = final.Max, ["median"] = final.Median, ["cap_share"] = final.CapShare, ["unix_time_ms"] = final.UnixTimeMs,
                },
            }, options) + "\n");
        }
        return directory;
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
