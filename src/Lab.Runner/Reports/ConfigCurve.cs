namespace Lab.Runner.Reports;

/// <summary>A config's curve across its seeds, on the common env-step grid.</summary>
internal sealed record ConfigCurve(string Label, IReadOnlyList<CurvePoint> Points);
