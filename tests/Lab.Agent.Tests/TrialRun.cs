namespace Lab.Agent.Tests;

/// <summary>One training run through the trainer's public entry (or its probe overload), with every event it sent.</summary>
internal sealed class TrialRun
{
    private TrialRun(TrainingResult result, RecordingSink sink)
    {
        Result = result;
        Episodes = sink.Episodes;
        Evaluations = sink.Evaluations;
        Started = sink.Started;
        Finished = sink.Finished;
    }

    public TrainingResult Result { get; }
    public IReadOnlyList<EpisodeRecord> Episodes { get; }

    /// <summary>Evaluations sent to the sink during training (the final one is <see cref="TrainingResult.FinalEvaluation"/>, also sent).</summary>
    public IReadOnlyList<EvaluationRecord> Evaluations { get; }

    /// <summary>OnStarted calls; <see cref="RecordingSink"/> checks that none comes after an episode or evaluation.</summary>
    public int Started { get; }

    public int Finished { get; }

    public static TrialInfo Info(TrainConfig config) =>
        new("test-trial", config.Name, "", 0, config.Seed, new Dictionary<string, string>());

    public static TrialRun Of(TrainConfig config, TrainerProbe? probe = null, RecordingSink? sink = null,
        CancellationToken cancel = default, TimeProvider? clock = null, int cores = 1)
    {
        sink ??= new RecordingSink();
        var result = probe is null
            ? Trainer.Run(config, Info(config), sink, cancel, clock, cores)
            : Trainer.Run(config, Info(config), sink, probe, cancel, clock, cores);
        return new TrialRun(result, sink);
    }

    internal sealed class RecordingSink : ITrainingSink
    {
        public List<EpisodeRecord> Episodes { get; } = [];
        public List<EvaluationRecord> Evaluations { get; } = [];
        public int Started { get; private set; }
        public int Finished { get; private set; }

        /// <summary>Called with each episode record as it arrives (before the next step of training).</summary>
        public Action<EpisodeRecord>? OnEpisodeRecorded { get; init; }

        public void OnStarted(TrialInfo trial)
        {
            Assert.Empty(Episodes);
            Assert.Empty(Evaluations);
            Started++;
        }

        public void OnEpisode(TrialInfo trial, EpisodeRecord episode)
        {
            Assert.Equal(1, Started);
            Episodes.Add(episode);
            OnEpisodeRecorded?.Invoke(episode);
        }

        public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation)
        {
            Assert.Equal(1, Started);
            Evaluations.Add(evaluation);
        }
        public void OnFinished(TrialInfo trial, TrialOutcome outcome) => Finished++;
    }
}
