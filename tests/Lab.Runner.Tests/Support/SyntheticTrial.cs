using System.Globalization;
using System.Text;
using Lab.Agent;
using Lab.Runner.Reports;
using Lab.Runner.Store;

namespace Lab.Runner.Tests.Support;

/// <summary>
/// A made-up trial as the trainer's records, written to disk by the Store's own writer (never by hand) and
/// replayable as trainer events, so a live log, a sync and a report all see the same data.
/// </summary>
/// <param name="Outcome">null: the trial has not ended (no status.json).</param>
/// <param name="Model">The bytes of model.dqn (written for an ended trial).</param>
public sealed record SyntheticTrial(
    TrialInfo Info,
    IReadOnlyList<EpisodeRecord> Episodes,
    IReadOnlyList<EvaluationRecord> Evaluations,
    TrialOutcome? Outcome,
    byte[] Model)
{
    public const long T0 = 1_700_000_000_000;

    public string TrialId => Info.TrialId;

    /// <summary>A trial of the batch-size grid, with every field of the records varying from episode to episode.</summary>
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
                noLearning ? double.NaN : 1.0 / (e + 1) + seed * 1e-9, noLearning ? double.NaN : e * 0.2 - 1.0 / 3, noLearning ? double.NaN : e * 0.1 + 1.0 / 7,
                updates, 1234.5678 + e, time));
            if ((e + 1) % evaluateEvery == 0)
            {
                time += 3;
                evaluations.Add(Evaluation(e + 1, steps, time, e * 1.5 + 1.0 / 3));
            }
        }
        TrialOutcome? outcome = null;
        if (status is { } s)
        {
            time += 11;
            outcome = new TrialOutcome(s, s == TrialStatus.Failed ? "diverged: td_loss is NaN" : null, episodes, steps, 12.345,
                s == TrialStatus.Failed ? null : Evaluation(episodes, steps, time - 5, 400.25 + replicate), time);
        }
        var model = Encoding.UTF8.GetBytes($"DQN model of {trialId}\n").Concat(Enumerable.Range(0, 2000).Select(i => (byte)(i * 31 + seed))).ToArray();
        return new SyntheticTrial(info, rows, evaluations, outcome, model);
    }

    private static EvaluationRecord Evaluation(int episode, long steps, long time, double mean) =>
        new(episode, steps, 10, 500, mean, mean / 10 + 0.125, mean - 20, Math.Min(500, mean + 20), mean + 1, mean > 400 ? 0.5 : 0, time);

    /// <summary>
    /// The trial as the trainer tells it: started, each episode, each evaluation after the episodes it
    /// follows (an evaluation's <c>Episode</c> is the number of episodes completed before it), finished.
    /// </summary>
    /// <param name="episodes">Tell only this many episodes and the evaluations between them, and not the end (a trial still running).</param>
    public void Replay(ITrialSink sink, int? episodes = null)
    {
        var count = episodes ?? Episodes.Count;
        var next = 0;
        void EvaluationsAfter(int completed)
        {
            while (next < Evaluations.Count && Evaluations[next].Episode <= completed) sink.OnEvaluation(Info, Evaluations[next++]);
        }
        sink.OnStarted(Info);
        for (var i = 0; i < count; i++)
        {
            EvaluationsAfter(i);
            sink.OnEpisode(Info, Episodes[i]);
        }
        EvaluationsAfter(count);
        if (count == Episodes.Count && Outcome is { } outcome) sink.OnFinished(Info, outcome);
    }

    /// <summary>Writes the trial folder into <paramref name="experimentDirectory"/> as a trial run writes it and returns it.</summary>
    /// <param name="episodesWritten">Cuts it short: a trial still running, without status.json.</param>
    public string Write(string experimentDirectory, int? episodesWritten = null) =>
        WriteInto(Path.Combine(experimentDirectory, TrialId), episodesWritten);

    /// <summary>As <see cref="Write"/>, into the folder <paramref name="trialDirectory"/> whatever its name.</summary>
    public string WriteInto(string trialDirectory, int? episodesWritten = null)
    {
        Directory.CreateDirectory(trialDirectory);
        TrialFiles.WriteConfig(trialDirectory, $"name: {Info.Experiment}\nseed: {Info.Seed}\n");
        using (var writer = new TrialWriter(trialDirectory)) Replay(writer, episodesWritten);
        if (Outcome is not null && (episodesWritten ?? Episodes.Count) == Episodes.Count)
        {
            File.WriteAllBytes(TrialFiles.ModelPath(trialDirectory), Model);
            TrialFiles.WritePlot(trialDirectory, TrialPlot.Render(Result(trialDirectory)));
        }
        return trialDirectory;
    }

    /// <summary>The trial as the Store's reader should read it back from <paramref name="trialDirectory"/>.</summary>
    internal TrialResult Result(string trialDirectory) => new(trialDirectory, Info, Episodes, Evaluations, Outcome);
}
