using Lab.Runner.Store;



namespace Lab.Runner.Reports;

/// <summary>The whole report's content: the folder, one summary per config, and the trials needing attention.</summary>
/// <param name="Folder">What was read.</param>
/// <param name="Configs">One row per config, best IQM first (configs without seeds last, then by label).</param>
/// <param name="Problems">Trials that are not scored (failed, interrupted, incomplete, unreadable, no evaluation), by config then replicate.</param>
/// <param name="Resamples">Bootstrap resamples behind each IQM interval.</param>
internal sealed record ReportSummary(
    ResultsFolder Folder,
    IReadOnlyList<ConfigSummary> Configs,
    IReadOnlyList<TrialResult> Problems,
    int Resamples);
