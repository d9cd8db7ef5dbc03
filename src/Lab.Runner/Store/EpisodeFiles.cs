using System.Globalization;
using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// The codec of a trial's episodes: one <see cref="EpisodeRecord"/> is one row of metrics.csv (the
/// deterministic figures, byte-identical for a seed) and one row of timing.csv (the wall clock), joined
/// on <c>episode</c>, the trainer's 0-based episode index. Only episodes that really ended are rows.
/// </summary>
internal static class EpisodeFiles
{
    public static string MetricsRow(EpisodeRecord e) =>
        $"{e.Episode},{e.EnvSteps},{F(e.Return)},{F(e.ShapedReturn)},{e.Length}," +
        $"{(e.Terminated ? 1 : 0)},{F(e.Epsilon)},{F(e.TdLoss)},{F(e.TakenQ)},{F(e.MeanMaxQ)},{e.Updates}";

    /// <summary>Steps per second keep one decimal: the wall clock is not worth more.</summary>
    public static string TimingRow(EpisodeRecord e) =>
        $"{e.Episode},{e.UnixTimeMs},{Math.Round(e.StepsPerSecond, 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The episodes of <paramref name="trialDirectory"/> in file order, up to the first one not yet whole in
    /// both files (a trial still running writes metrics.csv's row first); empty when metrics.csv is missing.
    /// </summary>
    /// <exception cref="FormatException">A file is not in this format (the message names file and line).</exception>
    public static List<EpisodeRecord> Read(string trialDirectory)
    {
        var metrics = CsvTable.TryRead(Path.Combine(trialDirectory, ResultsLayout.MetricsFile), "episode", "env_steps", "return");
        if (metrics is null) return [];
        var timing = new Dictionary<int, (long UnixTimeMs, double StepsPerSecond)>();
        if (CsvTable.TryRead(Path.Combine(trialDirectory, ResultsLayout.TimingFile), "episode") is { } times)
            foreach (var r in times.Rows)
                timing.TryAdd(r.Int("episode"), (r.Long("unix_time_ms"), r.Double("steps_per_second")));
        var episodes = new List<EpisodeRecord>(metrics.Rows.Count);
        foreach (var r in metrics.Rows)
        {
            var episode = r.Int("episode");
            if (!timing.TryGetValue(episode, out var t)) break;
            episodes.Add(new EpisodeRecord(episode, r.Long("env_steps"), r.Double("return"), r.Double("shaped_return"),
                r.Int("length"), r.Bool("terminated"), r.Double("epsilon"), r.Double("td_loss"),
                r.DoubleOrNaN(ResultsLayout.TakenQColumn), r.Double("mean_max_q"),
                r.Long("updates"), t.StepsPerSecond, t.UnixTimeMs));
        }
        return episodes;
    }

    /// <summary>Round-trip formatting, invariant culture: the same double always prints the same text.</summary>
    internal static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
