namespace Lab.Runner.Bench;

/// <summary>
/// One figure of `runner bench`: what was measured, in which unit, the target it is held to (null:
/// none), the FLOP-bound limit of one core for the same work in the same unit (null: not arithmetic),
/// and a note (the work's size, the kernels used, by how much a target is missed).
/// </summary>
internal sealed record BenchResult(string Name, double Measured, string Unit, double? Target, double? FlopLimit, string Note);
