namespace Lab.Runner.Reports;

/// <summary>A config's curve across its seeds, on the common env-step grid.</summary>
public sealed record ConfigCurve(string Label, IReadOnlyList<CurvePoint> Points);
