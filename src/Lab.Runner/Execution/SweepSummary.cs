namespace Lab.Runner.Execution;

/// <summary>
/// What a sweep run did: trials in the grid, already done before (of which failed before), and how this
/// run's trials ended.
/// </summary>
internal sealed record SweepSummary(int Total, int AlreadyDone, int FailedBefore, int Succeeded, int Failed,
    int Interrupted, int NotStarted);
