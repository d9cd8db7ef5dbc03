using Lab.Agent;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// One trial's events on their way to MLflow. Every call only enqueues (never blocks, never throws):
/// a background worker of <see cref="MlflowTracking"/> batches and sends them.
/// </summary>
internal sealed class MlflowSink : ITrialSink
{
    private readonly MlflowTracking _owner;
    private readonly MlflowTracking.TrialHandle _trial;

    internal MlflowSink(MlflowTracking owner, MlflowTracking.TrialHandle trial)
    {
        _owner = owner;
        _trial = trial;
    }

    public void OnStarted(TrialInfo trial) =>
        _owner.Post(new MlflowTracking.Started(_trial, trial, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public void OnEpisode(TrialInfo trial, EpisodeRecord episode) => _owner.Post(new MlflowTracking.Episode(_trial, episode));

    public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation) =>
        _owner.Post(new MlflowTracking.Evaluation(_trial, evaluation));

    public void OnFinished(TrialInfo trial, TrialOutcome outcome) => _owner.Post(new MlflowTracking.Finished(_trial, outcome));
}
