namespace Lab.Runner.Store;

/// <summary>The report's files in a results folder: summary.csv, summary.md and report.html, each written atomically.</summary>
internal static class ReportFiles
{
    /// <summary>The report's file names, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names =
        [ResultsLayout.SummaryCsvFile, ResultsLayout.SummaryMarkdownFile, ResultsLayout.ReportFile];

    /// <summary>The report files of a results folder that exist, with their bytes (for MLflow's parent run).</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Read(string resultsDirectory) =>
        Names.Select(name => Path.Combine(resultsDirectory, name)).Where(File.Exists)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))).ToList();

    /// <summary>Writes the three files in that order and returns their paths.</summary>
    /// <exception cref="IOException">A file could not be written (those before it are).</exception>
    public static IReadOnlyList<string> Write(string resultsDirectory, string summaryCsv, string summaryMarkdown, string html)
    {
        var written = new List<string>();
        foreach (var (name, text) in new[]
                 {
                     (ResultsLayout.SummaryCsvFile, summaryCsv),
                     (ResultsLayout.SummaryMarkdownFile, summaryMarkdown),
                     (ResultsLayout.ReportFile, html),
                 })
        {
            var path = Path.Combine(resultsDirectory, name);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }
        return written;
    }
}
