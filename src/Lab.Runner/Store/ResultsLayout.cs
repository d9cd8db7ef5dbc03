namespace Lab.Runner.Store;

/// <summary>File names of the results store (docs/ARCHITECTURE.md).</summary>
public static class ResultsLayout
{
    public const string SweepFile = "sweep.json";
    public const string LockFile = ".lock";
    public const string TrialFile = "trial.json";
    public const string ConfigFile = "config.yaml";
    public const string MetricsFile = "metrics.csv";
    public const string TimingFile = "timing.csv";
    public const string EvaluationFile = "eval.csv";
    public const string ModelFile = "model.dqn";
    public const string StatusFile = "status.json";
    public const string PlotFile = "plot.svg";

    public const string MetricsHeader =
        "episode,env_steps,return,shaped_return,length,terminated,epsilon,td_loss,mean_max_q,updates";
    public const string TimingHeader = "episode,unix_time_ms,steps_per_second";
    public const string EvaluationHeader =
        "episode,env_steps,episodes,max_steps,mean,std,min,max,median,cap_share,unix_time_ms";
}
