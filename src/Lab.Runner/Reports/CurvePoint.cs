namespace Lab.Runner.Reports;

/// <summary>One point of an aggregated curve: at env step X, the mean over Seeds seeds and its 95% t interval.</summary>
internal sealed record CurvePoint(double X, double Mean, double Low, double High, int Seeds);
