namespace Lab.Runner.Execution;

/// <summary>
/// What `runner sweep --slurm` submits: the runner's own command (absolute, as a compute node runs it),
/// the sweep's arguments, where it writes (absolute) and the array's shape.
/// </summary>
/// <param name="Runner">The runner as words: its executable, or dotnet and runner.dll.</param>
/// <param name="SweepArguments">After "sweep": the grid (absolute) and the options that shape the trials (--set, --axis, --seeds, --yes, --tracking-uri).</param>
/// <param name="Options">sbatch options for every job, one word each (split from --slurm-option as a shell would).</param>
internal sealed record SlurmJob(
    string Name,
    IReadOnlyList<string> Runner,
    string WorkingDirectory,
    IReadOnlyList<string> SweepArguments,
    string ResultsDirectory,
    int Tasks,
    IReadOnlyList<string> Options,
    string? TrackingUri);
