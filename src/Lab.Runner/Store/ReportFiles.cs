namespace Lab.Runner.Store;

/// <summary>
/// The report's files in a results folder: summary.csv, summary.md and report.html; comparisons.csv; the tidy
/// tables episodes.csv and evaluations.csv; and chart-&lt;name&gt;.svg, each written atomically.
/// </summary>
internal static class ReportFiles
{
    /// <summary>The report's file names, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names =
        [ResultsLayout.SummaryCsvFile, ResultsLayout.SummaryMarkdownFile, ResultsLayout.ReportFile];

    /// <summary>The report files of a results folder that exist, with their bytes (for MLflow's parent run).</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Read(string resultsDirectory) =>
        Names.Select(name => Path.Combine(resultsDirectory, name)).Where(File.Exists)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))).ToList();


    public const string EpisodesTable = ResultsLayout.EpisodesTableFile;
    public const string EvaluationsTable = ResultsLayout.EvaluationsTableFile;
    public const string ComparisonsTable = ResultsLayout.ComparisonsFile;

    /// <summary>A chart's path relative to the results folder (as report.html names it).</summary>
    public static string ChartPath(string name) => $"{ResultsLayout.ChartFilePrefix}{name}.svg";

    /// <summary>
    /// Writes the charts first and report.html last, so the page never names a chart that is not there yet, and
    /// removes charts a previous report wrote that this one has not (a heatmap of a grid that has since changed).
    /// Returns the paths of summary.csv, summary.md, report.html, comparisons.csv, episodes.csv, evaluations.csv, then the charts.
    /// </summary>
    /// <exception cref="IOException">A file could not be written (those before it are).</exception>
    public static IReadOnlyList<string> Write(string resultsDirectory, ReportDocuments documents)
    {
        var chartPaths = new List<string>();
        foreach (var (name, svg) in documents.Charts)
        {
            var path = Path.Combine(resultsDirectory, ChartPath(name));
            AtomicFile.WriteAllText(path, svg);
            chartPaths.Add(path);
        }
        var names = documents.Charts.Select(c => ChartPath(c.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.GetFiles(resultsDirectory, ChartPath("*")).Where(f => !names.Contains(Path.GetFileName(f))))
            File.Delete(stale);

        var written = new List<string>();
        foreach (var (name, write) in new (string, Action<TextWriter>)[]
                 {
                     (ResultsLayout.ComparisonsFile, w => w.Write(documents.ComparisonsCsv)),
                     (ResultsLayout.EpisodesTableFile, documents.EpisodesCsv),
                     (ResultsLayout.EvaluationsTableFile, documents.EvaluationsCsv),
                     (ResultsLayout.SummaryCsvFile, w => w.Write(documents.SummaryCsv)),
                     (ResultsLayout.SummaryMarkdownFile, w => w.Write(documents.SummaryMarkdown)),
                     (ResultsLayout.ReportFile, w => w.Write(documents.Html)),
                 })
        {
            var path = Path.Combine(resultsDirectory, name);
            AtomicFile.WriteText(path, write);
            written.Add(path);
        }
        return [written[3], written[4], written[5], written[0], written[1], written[2], .. chartPaths];
    }

    /// <summary>Writes REPRODUCTIONS.md into a folder of reproduction sweeps and returns its path.</summary>
    public static string WriteReproductions(string folder, string markdown)
    {
        var path = Path.Combine(folder, ResultsLayout.ReproductionsFile);
        AtomicFile.WriteAllText(path, markdown);
        return path;
    }
}
