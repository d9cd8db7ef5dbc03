namespace Lab.Runner.Reports;

/// <summary>Where a run first solved its task in training (<see cref="SolveRule.FirstSolved"/>).</summary>
/// <param name="Episodes">The number of training episodes run by then, the solving one included: solved at the end of the 100th episode is 100.</param>
/// <param name="EnvSteps">Env steps taken by then, the solving episode included.</param>
internal sealed record SolvePoint(int Episodes, long EnvSteps);
