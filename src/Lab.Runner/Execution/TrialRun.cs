using Lab.Agent;

namespace Lab.Runner.Execution;

/// <summary>How one run of a trial ended, as the sweep needs to know it.</summary>
/// <param name="Outcome">The trial's outcome, as status.json holds it when it could be written.</param>
/// <param name="StatusWritten">Whether status.json was written: without it the folder is an incomplete trial.</param>
/// <param name="StorageFailure">Why the results folder cannot be written (the disk is full, read-only, or
/// access is denied): a failure the next trial would repeat, so a sweep stops launching trials. Null otherwise.</param>
public sealed record TrialRun(TrialOutcome Outcome, bool StatusWritten, string? StorageFailure);
