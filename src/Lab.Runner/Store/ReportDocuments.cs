namespace Lab.Runner.Store;

/// <summary>The texts of a report, each to be written into the results folder under the name the Store gives it.</summary>
/// <param name="Charts">Each chart as (name, standalone SVG), written as charts/&lt;name&gt;.svg.</param>
internal sealed record ReportDocuments(
    string SummaryCsv,
    string SummaryMarkdown,
    string Html,
    string ComparisonsCsv,
    string EpisodesCsv,
    string EvaluationsCsv,
    IReadOnlyList<(string Name, string Svg)> Charts);
