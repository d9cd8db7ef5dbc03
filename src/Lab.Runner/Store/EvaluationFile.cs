using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// The codec of eval.csv: one <see cref="EvaluationRecord"/> per row, deterministic columns first and the
/// wall clock (<c>unix_time_ms</c>) last. <c>episode</c> is the number of training episodes completed
/// before the evaluation.
/// </summary>
internal static class EvaluationFile
{
    public static string Row(EvaluationRecord e) =>
        $"{e.Episode},{e.EnvSteps},{e.Episodes},{e.MaxSteps},{F(e.Mean)},{F(e.Std)}," +
        $"{F(e.Min)},{F(e.Max)},{F(e.Median)},{F(e.CapShare)},{e.UnixTimeMs}";

    /// <summary>The whole rows of eval.csv in file order; empty when the file is missing.</summary>
    /// <exception cref="FormatException">The file is not in this format (the message names file and line).</exception>
    public static List<EvaluationRecord> Read(string trialDirectory)
    {
        var csv = CsvTable.TryRead(Path.Combine(trialDirectory, ResultsLayout.EvaluationFile), "env_steps", "mean");
        if (csv is null) return [];
        return [.. csv.Rows.Select(r => new EvaluationRecord(r.Int("episode"), r.Long("env_steps"), r.Int("episodes"),
            r.Int("max_steps"), r.Double("mean"), r.Double("std"), r.Double("min"), r.Double("max"), r.Double("median"),
            r.Double("cap_share"), r.Long("unix_time_ms")))];
    }

    private static string F(double value) => EpisodeFiles.F(value);
}
