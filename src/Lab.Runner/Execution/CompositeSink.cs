using Lab.Agent;

namespace Lab.Runner.Execution;

/// <summary>Fans the trainer's events out to several sinks, in order.</summary>
internal sealed class CompositeSink(IReadOnlyList<ITrainingSink> sinks) : ITrainingSink
{
    public void OnStarted(TrialInfo trial) { foreach (var s in sinks) s.OnStarted(trial); }
    public void OnEpisode(TrialInfo trial, EpisodeRecord episode) { foreach (var s in sinks) s.OnEpisode(trial, episode); }
    public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation) { foreach (var s in sinks) s.OnEvaluation(trial, evaluation); }
}
