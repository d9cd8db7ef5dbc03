namespace Lab.Runner.Reports;

/// <summary>The two keys a grid varies, their values in axis order, and the config in each cell.</summary>
internal sealed record HeatmapAxes(
    string RowKey,
    IReadOnlyList<string> RowValues,
    string ColumnKey,
    IReadOnlyList<string> ColumnValues,
    IReadOnlyDictionary<(string Row, string Column), ConfigSummary> Cells);
