using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Execution;

/// <summary>
/// Keeps the records a trial produces in memory, so that the per-trial plot is drawn from them rather
/// than from the files just written, and an error still reports real episode and step counts.
/// </summary>
internal sealed class TrialRecorder(TrialInfo trial) : ITrainingSink
{
    private readonly List<EpisodeRecord> _episodes = [];
    private readonly List<EvaluationRecord> _evaluations = [];

    /// <summary>Episodes that ended so far.</summary>
    public int Episodes => _episodes.Count > 0 ? _episodes[^1].Episode + 1 : 0;

    /// <summary>Env steps taken by the episodes that ended so far.</summary>
    public long EnvSteps => _episodes.Count > 0 ? _episodes[^1].EnvSteps : 0;

    public void OnStarted(TrialInfo info) { }
    public void OnEpisode(TrialInfo info, EpisodeRecord episode) => _episodes.Add(episode);
    public void OnEvaluation(TrialInfo info, EvaluationRecord evaluation) => _evaluations.Add(evaluation);
    public void OnFinished(TrialInfo info, TrialOutcome outcome) { }

    /// <summary>The trial as its folder holds it, with <paramref name="outcome"/> as its status.json (null: none was written).</summary>
    public TrialResult Result(string trialDirectory, TrialOutcome? outcome) =>
        new(trialDirectory, trial, [.. _episodes], [.. _evaluations], outcome);
}
