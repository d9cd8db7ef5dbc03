namespace Lab.Runner.Reports;

/// <summary>One entry of a chart's legend: a line (thick or "thin", perhaps dashed) or a "dot" in a colour.</summary>
internal sealed record LegendEntry(string Text, string Colour, string Kind = "line", string? Dash = null);
