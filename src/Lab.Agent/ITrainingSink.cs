namespace Lab.Agent;

/// <summary>
/// Where the trainer's events go: the results store, MLflow, the terminal. The trainer calls these in
/// order (OnStarted once, then OnEpisode/OnEvaluation interleaved) on its own thread; a sink must be
/// quick and must never throw into training (it records its own failures). How the trial ended is not
/// the trainer's to tell: the runner's TrialRunner reports it, once status.json is written, to the
/// sinks that also implement its ITrialSink.
/// </summary>
public interface ITrainingSink
{
    void OnStarted(TrialInfo trial);
    void OnEpisode(TrialInfo trial, EpisodeRecord episode);
    void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation);
}
