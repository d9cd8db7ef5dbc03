namespace Lab.Runner.Store;

/// <summary>A results folder (results/&lt;experiment&gt;/) as read from disk.</summary>
/// <param name="Directory">The folder, as given.</param>
/// <param name="Name">sweep.json's name, else the experiment of the first trial, else the folder name.</param>
/// <param name="Question">sweep.json's question, when there is one.</param>
/// <param name="Trials">One entry per trial folder that belongs to the sweep (every trial folder without a trial list in sweep.json), ordered by folder name.</param>
/// <param name="SweepRunning">A sweep holds the folder's .lock right now, so some trials may still be running.</param>
/// <param name="PlannedTrialIds">sweep.json's trial ids (empty without sweep.json).</param>
internal sealed record ResultsFolder(
    string Directory,
    string Name,
    string? Question,
    IReadOnlyList<TrialResult> Trials,
    bool SweepRunning,
    IReadOnlyList<string> PlannedTrialIds)
{
    /// <summary>
    /// Trial folders that sweep.json does not list: left over from an earlier version of the grid run into
    /// the same folder. They are named in the report and kept out of every statistic.
    /// </summary>
    public IReadOnlyList<TrialResult> Ignored { get; init; } = [];

    /// <summary>Why sweep.json could not be read (damaged, too large, not a regular file); null when it was read or is absent.</summary>
    public string? SweepProblem { get; init; }

    /// <summary>Trials sweep.json plans that have no folder yet (the sweep has not started them).</summary>
    public int NotStarted
    {
        get
        {
            var present = Trials.Select(t => t.TrialId).Concat(Trials.Select(t => Path.GetFileName(t.Directory))).ToHashSet(StringComparer.Ordinal);
            return PlannedTrialIds.Distinct(StringComparer.Ordinal).Count(id => !present.Contains(id));
        }
    }
}
