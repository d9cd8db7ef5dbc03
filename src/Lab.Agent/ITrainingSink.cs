namespace Lab.Agent;

/// <summary>
/// Where training events go: the results store, MLflow, the terminal. The trainer calls these in
/// order (Started, then Episode/Evaluation interleaved, then Finished exactly once) on its own thread;
/// a sink must be quick and must never throw into training (it records its own failures).
/// </summary>
public interface ITrainingSink
{
    void OnStarted(TrialInfo trial);
    void OnEpisode(TrialInfo trial, EpisodeRecord episode);
    void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation);
    /// <summary>Called exactly once; status.json and (unless the trial errored) model.dqn exist by then.</summary>
    void OnFinished(TrialInfo trial, TrialOutcome outcome);
}
