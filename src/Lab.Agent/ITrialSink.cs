namespace Lab.Agent;

/// <summary>
/// A training sink that also hears how the trial ended. The runner (not the trainer) calls
/// <see cref="OnFinished"/> exactly once per trial, after the trainer's last event, whatever happened
/// (divergence, exception, I/O error, Ctrl+C).
/// </summary>
public interface ITrialSink : ITrainingSink
{
    /// <summary>Called exactly once; status.json and (unless the trial failed) model.dqn exist by then.</summary>
    void OnFinished(TrialInfo trial, TrialOutcome outcome);
}
