namespace Lab.Runner.Execution;

/// <summary>
/// What a sweep run did: trials in the grid, already done before (of which failed before), and how the
/// trials of this run ended, counted from what their folders hold, as the report counts them.
/// </summary>
/// <param name="Incomplete">Trials with a folder but no readable status.json (the report's "incomplete" or "unreadable").</param>
/// <param name="NotStarted">Trials with no trial folder (the report's "not started").</param>
internal sealed record SweepSummary(int Total, int AlreadyDone, int FailedBefore, int Succeeded, int Failed,
    int Interrupted, int Incomplete, int NotStarted)
{
    /// <summary>Why the sweep stopped launching trials: the results folder cannot be written. Null otherwise.</summary>
    public string? StorageFailure { get; init; }

    /// <summary>With --shard: trials of this shard that another live task had claimed, so this one left them to it.</summary>
    public int ClaimedElsewhere { get; init; }
}
