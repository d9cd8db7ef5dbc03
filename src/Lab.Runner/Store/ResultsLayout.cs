namespace Lab.Runner.Store;

/// <summary>
/// File names and CSV headers of the results store (docs/ARCHITECTURE.md, "The results store"). Only the
/// Store's codecs use them; everything else reads and writes the store through those codecs.
/// </summary>
internal static class ResultsLayout
{
    // results/<experiment>/
    public const string SweepFile = "sweep.json";
    public const string LockFile = ".lock";
    /// <summary>Per-trial claims of `runner sweep --shard` tasks: .claims/&lt;trial_id&gt;.claim (Store/TrialClaim).</summary>
    public const string ClaimsFolder = ".claims";
    public const string ClaimSuffix = ".claim";
    public const string TakeoverSuffix = ".takeover";
    /// <summary>`runner sweep --slurm`: the sbatch script it submitted, and the job ids (Store/SlurmSubmissionFile); the tasks log to slurm-JOB_TASK.out beside them.</summary>
    public const string SlurmScriptFile = "slurm.sbatch";
    public const string SlurmSubmissionFile = "slurm.json";
    public const string SummaryCsvFile = "summary.csv";
    public const string SummaryMarkdownFile = "summary.md";
    public const string ReportFile = "report.html";
    public const string ComparisonsFile = "comparisons.csv";
    public const string EpisodesTableFile = "episodes.csv";
    public const string EvaluationsTableFile = "evaluations.csv";
    /// <summary>Charts are files beside the report (chart-&lt;name&gt;.svg), not a folder: every folder of a results folder is a trial.</summary>
    public const string ChartFilePrefix = "chart-";

    // results/reproduce/ (a folder of reproduction sweeps)
    public const string ReproductionsFile = "REPRODUCTIONS.md";

    // results/<experiment>/<trial_id>/
    public const string TrialFile = "trial.json";
    public const string ConfigFile = "config.yaml";
    public const string MetricsFile = "metrics.csv";
    public const string TimingFile = "timing.csv";
    public const string EvaluationFile = "eval.csv";
    public const string ModelFile = "model.dqn";
    /// <summary>The best periodic checkpoint (evaluation.keep_best), beside the final model.</summary>
    public const string BestModelFile = "best.dqn";
    public const string StatusFile = "status.json";
    public const string PlotFile = "plot.svg";
    public const string SyncStateFile = "mlflow.json";

    public const string MetricsHeader =
        "episode,env_steps,return,shaped_return,length,terminated,epsilon,td_loss,taken_q,mean_max_q,updates";
    /// <summary>A column that metrics.csv files written before it existed lack: read as NaN there.</summary>
    public const string TakenQColumn = "taken_q";
    public const string TimingHeader = "episode,unix_time_ms,steps_per_second";
    public const string EvaluationHeader =
        "episode,env_steps,episodes,max_steps,mean,std,min,max,median,cap_share,unix_time_ms";
}
