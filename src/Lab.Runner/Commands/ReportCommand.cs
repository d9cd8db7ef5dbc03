using System.Globalization;
using Lab.Runner.Config;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>
/// <c>./runner report RESULTS_DIR</c>: reads a results folder, prints the summary table, and writes
/// summary.csv, summary.md and report.html into the folder (each atomically).
/// </summary>
internal static class ReportCommand
{
    /// <summary>
    /// Runs the report. Exit codes: 0 written (even when some trials failed: the report says so),
    /// 1 the files could not be written, or some trial's files are damaged (written without it),
    /// 2 no such folder or no trials in it.
    /// </summary>
    public static int Run(string resultsDir, IAnsiConsole console) => Run(resultsDir, console, Summarizer.DefaultResamples);

    /// <summary>As <see cref="Run(string, IAnsiConsole)"/> with a chosen number of bootstrap resamples.</summary>
    public static int Run(string resultsDir, IAnsiConsole console, int resamples)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (string.IsNullOrWhiteSpace(resultsDir))
            return Fail(console, "no results folder given. Usage: ./runner report RESULTS_DIR (e.g. results/batch-size)");
        if (!Directory.Exists(resultsDir))
            return Fail(console, File.Exists(resultsDir)
                ? $"{resultsDir} is a file, not a results folder. Usage: ./runner report RESULTS_DIR (e.g. results/batch-size)"
                : $"no results folder {resultsDir}. Usage: ./runner report RESULTS_DIR (e.g. results/batch-size)");

        ResultsFolder folder;
        try
        {
            folder = ResultsReader.Read(resultsDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(console, $"cannot read {resultsDir}: {e.Message}");
        }
        if (folder.SweepProblem is { } sweepProblem)
            console.MarkupLine($"[yellow]{Markup.Escape(ConfigText.Escape(sweepProblem))}; the report goes on without its name, question and trial list.[/]");
        if (folder.Trials.Count == 0)
        {
            var experiments = Directory.GetDirectories(resultsDir)
                .Where(d => ResultsReader.TrialFolders(d).Count > 0)
                .Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();
            var sweeps = experiments.Select(e => ResultsReader.Read(Path.Combine(resultsDir, e))).ToList();
            if (ReproductionTable.AnyKnown(sweeps.Select(s => s.Name)))
                return Reproductions(resultsDir, sweeps, console);
            return Fail(console, folder.PlannedTrialIds.Count > 0
                ? $"no trial in {resultsDir} has started yet (sweep.json plans {folder.PlannedTrialIds.Count}); run the sweep, then report"
                  + (ReportText.IgnoredNote(folder) is { } note ? ". " + note : "")
                : experiments.Count > 0
                ? $"{resultsDir} holds experiments, not trials; report one of them, e.g. ./runner report {Path.Combine(resultsDir, experiments[0])} (found: {string.Join(", ", experiments)})"
                : $"no trials in {resultsDir}: expected one folder per trial with trial.json and metrics.csv, as ./runner sweep and ./runner train write them");
        }

        var summary = Summarizer.Summarize(folder, resamples);
        Print(console, summary);

        IReadOnlyList<string> written;
        try
        {
            var charts = ReportCharts.Build(summary);
            written = ReportFiles.Write(resultsDir, new ReportDocuments(
                SummaryFiles.ToCsv(summary), SummaryFiles.ToMarkdown(summary), HtmlReport.Render(summary, charts),
                SummaryFiles.ComparisonsToCsv(summary), w => TidyTables.Episodes(summary, w), w => TidyTables.Evaluations(summary, w),
                [.. charts.Select(c => (c.Name, c.Svg))]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(console, $"cannot write the report into {resultsDir}: {e.Message}", 1);
        }
        console.MarkupLine($"[grey]summary:[/] {Markup.Escape(written[0])}, {Markup.Escape(written[1])}, {Markup.Escape(written[3])}");
        console.MarkupLine($"[grey]tables:[/]  {Markup.Escape(written[4])}, {Markup.Escape(written[5])} (every episode and evaluation, parameters as columns)");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]charts:[/]  {written.Count - 6} SVG files, {Markup.Escape(Path.Combine(resultsDir, ReportFiles.ChartPath("*")))}"));
        console.MarkupLine($"[bold]report:[/]  {Markup.Escape(written[2])}");
        var damaged = folder.Trials.Count(t => t.State == TrialState.Unreadable);
        if (damaged > 0)
        {
            console.MarkupLine($"[red]{damaged} trial{(damaged == 1 ? "'s files are" : "s' files are")} damaged (listed above) and left out; " +
                               "run the sweep again to redo them.[/]");
            return 1;
        }
        return 0;
    }

    private static void Print(IAnsiConsole console, ReportSummary summary)
    {
        var folder = summary.Folder;
        console.WriteLine();
        console.MarkupLine($"[bold]{Markup.Escape(folder.Name)}[/]");
        if (folder.Question is { } q) console.MarkupLine($"[aqua]{Markup.Escape(q)}[/]");
        console.MarkupLine($"[grey]{Markup.Escape(ReportText.SolvedNote(summary))}[/]");
        console.Write(SummaryTable.Build(summary, console.Profile.Width));
        console.MarkupLine(summary.Leader is null ? $"[yellow]{Markup.Escape(summary.LeaderNote)}[/]" : $"[green]{Markup.Escape(summary.LeaderNote)}[/]");
        PrintComparisons(console, summary);

        var failed = summary.Problems.Where(t => t.State == TrialState.Failed).ToList();
        var unfinished = summary.Problems.Where(t => t.State != TrialState.Failed).ToList();
        if (failed.Count > 0)
        {
            console.MarkupLine($"[red]{failed.Count} failed trial{(failed.Count == 1 ? "" : "s")}:[/]");
            foreach (var t in failed)
                console.MarkupLine($"  [red]{Markup.Escape(t.TrialId)}[/]: {Markup.Escape(Format.Problem(t))}");
        }
        if (unfinished.Count > 0)
        {
            var running = folder.SweepRunning ? " (a sweep holds this folder's lock: some may still be running)" : "";
            console.MarkupLine($"[yellow]{unfinished.Count} unfinished trial{(unfinished.Count == 1 ? "" : "s")}, not in the statistics{Markup.Escape(running)}:[/]");
            foreach (var t in unfinished)
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"  [yellow]{Markup.Escape(t.TrialId)}[/] ({Format.Status(t.State)}): {Markup.Escape(Format.Problem(t))}"));
        }
        if (folder.NotStarted > 0)
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[yellow]{folder.NotStarted} of {folder.PlannedTrialIds.Count} planned trials not started yet[/] (run the sweep again to finish them)"));
        if (ReportText.IgnoredNote(folder) is { } ignored)
            console.MarkupLine($"[yellow]{Markup.Escape(ignored)}[/]");
    }

    /// <summary>
    /// A folder of reproduction sweeps (results/reproduce/, `make reproduce`): REPRODUCTIONS.md with every claim of
    /// <see cref="ReproductionClaims"/>, the share of seeds that meet it and the measured distribution.
    /// </summary>
    private static int Reproductions(string resultsDir, IReadOnlyList<ResultsFolder> sweeps, IAnsiConsole console)
    {
        var rows = ReproductionTable.Rows(sweeps);
        foreach (var r in rows)
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{Markup.Escape(r.Claim.Source)}: {(r.Folder is null ? "[yellow]not run[/]" : r.Claim.Holds is null ? $"{r.Measured.Count} seeds measured, no claim to test" : $"{r.Met}/{r.Measured.Count} seeds meet the claim {Markup.Escape(Format.PercentCi(r.MetCi))}")}"));
        string path;
        try
        {
            path = ReportFiles.WriteReproductions(resultsDir, ReproductionTable.ToMarkdown(rows, $"./runner report {resultsDir}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(console, $"cannot write the reproduction table into {resultsDir}: {e.Message}", 1);
        }
        console.MarkupLine($"[bold]reproductions:[/] {Markup.Escape(path)}");
        return 0;
    }

    /// <summary>P(top row &gt; each other config): the comparisons that matter for "which is best"; comparisons.csv has every pair.</summary>
    private static void PrintComparisons(IAnsiConsole console, ReportSummary summary)
    {
        var top = summary.Configs.FirstOrDefault(c => c.Seeds > 0);
        if (top is null) return;
        var rows = summary.Configs.Where(c => c != top).Select(c => summary.Find(top.Label, c.Label)).OfType<Comparison>().ToList();
        if (rows.Count == 0) return;
        var paired = rows.All(r => r.Paired) ? "paired by seed" : rows.Any(r => r.Paired) ? "paired by seed where possible" : "unpaired";
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[grey]probability of improvement (rliable), {Markup.Escape(Format.Label(top.Label))} over each other config, 95% bootstrap CI ({summary.Resamples:#,0} resamples, {paired}):[/]"));
        foreach (var r in rows)
        {
            var verdict = r.XBetter ? "[green]better[/]" : r.YBetter ? "[red]worse[/]" : "[grey]not told apart[/]";
            console.MarkupLine($"  P(> {Markup.Escape(Format.Label(r.Y))}) = {Markup.Escape(Format.Probability(r))} {verdict}");
        }
    }

    private static int Fail(IAnsiConsole console, string message, int code = 2)
    {
        console.MarkupLine($"[red]report:[/] {Markup.Escape(message)}");
        return code;
    }
}
