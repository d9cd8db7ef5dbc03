using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>A made-up sweep: a grid of batch sizes × replicates, written as results/&lt;name&gt;/ with sweep.json.</summary>
public sealed record SyntheticSweep(string Name, string Question, string GridText, string SweepId, IReadOnlyList<SyntheticTrial> Trials)
{
    public static SyntheticSweep Make(string name = "batch-size", int configs = 2, int replicates = 2, int episodes = 40,
        Func<int, int, TrialStatus?>? status = null)
    {
        var trials = new List<SyntheticTrial>();
        var batchSizes = new[] { 64, 512, 32, 128 }.Take(configs).ToArray();
        foreach (var batch in batchSizes)
            for (var r = 0; r < replicates; r++)
                trials.Add(SyntheticTrial.Make(name, batch, r, episodes, status: status is null ? TrialStatus.Finished : status(batch, r)));
        var grid = $"name: {name}\nquestion: Does a batch of 512 stop the cart from drifting left?\ngrid:\n  batch_size: [{string.Join(", ", batchSizes)}]\nreplicates: {replicates}\n";
        return new SyntheticSweep(name, "Does a batch of 512 stop the cart from drifting left?", grid, "sweep-" + name + "-0001", trials);
    }

    /// <summary>results/&lt;name&gt;/ with sweep.json and every trial folder; returns the folder.</summary>
    public string Write(string resultsRoot)
    {
        var directory = Path.Combine(resultsRoot, Name);
        Directory.CreateDirectory(directory);
        new SweepFile(SweepId, Name, Question, $"experiments/{Name}.yaml", GridText, LiveLog.GitCommit,
            [.. Trials.Select(t => t.TrialId)]).Write(directory);
        foreach (var trial in Trials) trial.Write(directory);
        return directory;
    }
}
