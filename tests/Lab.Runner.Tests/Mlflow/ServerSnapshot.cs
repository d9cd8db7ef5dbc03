using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>
/// What a person sees in MLflow for one experiment, as text that two servers can be compared by: runs
/// named by their trial (or sweep) id instead of their random run ids, with status, end time, params,
/// tags, every metric point and every artifact's hash. Start times are left out (a run created by sync
/// starts when trial.json was written, a live one when the trial started).
/// </summary>
public static class ServerSnapshot
{
    public static string Describe(FakeMlflowServer server, string experimentName)
    {
        var text = new StringBuilder();
        var experiment = server.Experiment(experimentName);
        if (experiment is null) return "(no experiment)";
        text.AppendLine($"experiment {experiment.Name} [{experiment.LifecycleStage}]");
        foreach (var (key, value) in experiment.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            text.AppendLine($"  tag {key} = {value}");
        var runs = server.RunsOf(experimentName);
        var names = runs.ToDictionary(r => r.RunId, Identity);
        foreach (var run in runs.OrderBy(r => names[r.RunId], StringComparer.Ordinal))
        {
            text.AppendLine($"run {names[run.RunId]} [{run.LifecycleStage}] name={run.RunName} status={run.Status} end={run.EndTime}");
            foreach (var (key, value) in run.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
                text.AppendLine($"  param {key} = {value}");
            foreach (var (key, value) in run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
                text.AppendLine($"  tag {key} = {(key == "mlflow.parentRunId" && names.TryGetValue(value, out var parent) ? parent : value)}");
            foreach (var m in run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).ThenBy(m => m.Step).ThenBy(m => m.Timestamp))
                text.AppendLine(CultureInfo.InvariantCulture, $"  metric {m.Key} step={m.Step} t={m.Timestamp} {m.Value:R}");
            foreach (var (path, bytes) in server.ArtifactsOf(run.RunId).OrderBy(a => a.Key, StringComparer.Ordinal))
                text.AppendLine($"  artifact {path} {Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}");
        }
        return text.ToString();
    }

    private static string Identity(FakeRun run) =>
        run.Tag("dqnlab.trial_id") is { } trial ? "trial " + trial
        : run.Tag("dqnlab.sweep_id") is { } sweep ? "sweep " + sweep
        : "run " + run.RunId;
}
