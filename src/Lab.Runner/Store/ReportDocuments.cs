namespace Lab.Runner.Store;

/// <summary>The texts of a report, each to be written into the results folder under the name the Store gives it.</summary>
/// <param name="EpisodesCsv">Writes episodes.csv (streamed: it holds every episode of every trial).</param>
/// <param name="EvaluationsCsv">Writes evaluations.csv.</param>
/// <param name="Charts">Each chart as (name, standalone SVG), written as chart-&lt;name&gt;.svg.</param>
internal sealed record ReportDocuments(
    string SummaryCsv,
    string SummaryMarkdown,
    string Html,
    string ComparisonsCsv,
    Action<TextWriter> EpisodesCsv,
    Action<TextWriter> EvaluationsCsv,
    IReadOnlyList<(string Name, string Svg)> Charts);
