using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>The whole report's content: the folder, one summary per config, and the trials needing attention.</summary>
/// <param name="Folder">What was read.</param>
/// <param name="Configs">One row per config, best IQM first, ties by mean (configs without seeds last, then by label).</param>
/// <param name="Problems">Trials that are not scored (failed, interrupted, incomplete, unreadable, no evaluation), by config then replicate.</param>
/// <param name="Resamples">Bootstrap resamples behind each interval (IQM and probability of improvement).</param>
/// <param name="Comparisons">Probability of improvement for ordered pairs of configs with seeds (<see cref="Summarizer.Compare"/>).</param>
/// <param name="Leader">The config marked best, or null when no config's IQM interval lies above every other's.</param>
/// <param name="LeaderNote">Why a config is, or none is, marked best.</param>
internal sealed record ReportSummary(
    ResultsFolder Folder,
    IReadOnlyList<ConfigSummary> Configs,
    IReadOnlyList<TrialResult> Problems,
    int Resamples,
    IReadOnlyList<Comparison> Comparisons,
    string? Leader,
    string LeaderNote)
{
    /// <summary>P(x &gt; y), when it was computed.</summary>
    public Comparison? Find(string x, string y) =>
        Comparisons.FirstOrDefault(c => c.X == x && c.Y == y);

    /// <summary>Whether the row of <paramref name="config"/> is the one marked best.</summary>
    public bool IsLeader(ConfigSummary config) => Leader is not null && config.Label == Leader;
}
