namespace Lab.Runner.Store;

/// <summary>
/// The files of a trial folder that are not records: the resolved config (config.yaml, Config's format),
/// the network (model.dqn, and best.dqn with evaluation.keep_best: Lab.Neural's format), the plot (plot.svg) and the final greedy episode
/// (episode.svg, episode-q.svg). The Store names them; their owners write their content.
/// </summary>
internal static class TrialFiles
{
    /// <summary>The artifacts a trial offers while it runs (to MLflow).</summary>
    public static readonly IReadOnlyList<string> RunningArtifacts = [ResultsLayout.ConfigFile];

    /// <summary>The final greedy episode, animated (Rendering's TrialEpisode draws it).</summary>
    public const string EpisodeFile = "episode.svg";

    /// <summary>The predicted Q of every action per frame of that episode.</summary>
    public const string EpisodeQPlotFile = "episode-q.svg";

    /// <summary>The artifacts of an ended trial, offered when the file exists.</summary>
    public static readonly IReadOnlyList<string> FinishedArtifacts =
        [ResultsLayout.ConfigFile, ResultsLayout.ModelFile, ResultsLayout.BestModelFile, ResultsLayout.StatusFile, ResultsLayout.PlotFile, EpisodeFile, EpisodeQPlotFile];

    /// <summary>The folder of trial <paramref name="trialId"/> in a results folder: results/&lt;experiment&gt;/&lt;trial_id&gt;/.</summary>
    public static string TrialDirectory(string resultsDirectory, string trialId) => Path.Combine(resultsDirectory, trialId);

    public static string ConfigPath(string trialDirectory) => Path.Combine(trialDirectory, ResultsLayout.ConfigFile);

    public static string ModelPath(string trialDirectory) => Path.Combine(trialDirectory, ResultsLayout.ModelFile);

    /// <summary>best.dqn: the network of the best periodic evaluation (evaluation.keep_best), written atomically by Lab.Neural.</summary>
    public static string BestModelPath(string trialDirectory) => Path.Combine(trialDirectory, ResultsLayout.BestModelFile);

    public static void WriteConfig(string trialDirectory, string yaml) => AtomicFile.WriteAllText(ConfigPath(trialDirectory), yaml);

    public static string PlotPath(string trialDirectory) => Path.Combine(trialDirectory, ResultsLayout.PlotFile);

    /// <summary>Writes plot.svg atomically and returns its path.</summary>
    public static string WritePlot(string trialDirectory, string svg)
    {
        var path = PlotPath(trialDirectory);
        AtomicFile.WriteAllText(path, svg);
        return path;
    }

    /// <summary>Writes episode.svg and episode-q.svg atomically.</summary>
    public static void WriteEpisode(string trialDirectory, string animation, string qPlot)
    {
        AtomicFile.WriteAllText(Path.Combine(trialDirectory, EpisodeFile), animation);
        AtomicFile.WriteAllText(Path.Combine(trialDirectory, EpisodeQPlotFile), qPlot);
    }

    /// <summary>The bytes of the artifact <paramref name="name"/> (one of the lists above); null when the file does not exist.</summary>
    public static async Task<byte[]?> ReadArtifactAsync(string trialDirectory, string name, CancellationToken cancel)
    {
        var path = Path.Combine(trialDirectory, name);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancel) : null;
    }
}
