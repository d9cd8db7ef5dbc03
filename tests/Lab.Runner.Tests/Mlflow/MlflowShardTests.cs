using Lab.Runner.Store;
using Lab.Runner.Tests.EndToEnd;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>Shards of one sweep log to one MLflow parent run, which stays open until a sync sees every trial ended.</summary>
public sealed class MlflowShardTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private FakeMlflowServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMlflowServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Two_shards_log_their_trials_as_children_of_one_parent_that_the_sync_after_them_ends()
    {
        var grid = _temp.File("grid.yaml", ShardCliTests.Grid12.Replace("seeds: 6", "seeds: 2"));

        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var run = RunnerProcess.Run(_temp.Path, "sweep", grid, "--out", "out", "--jobs", "1", "--no-report", "--shard", shard,
                "--tracking-uri", _server.Url);
            Assert.True(run.ExitCode == 0, run.All);
        }

        var runs = _server.RunsOf("tiny12");
        var parent = Assert.Single(runs, r => r.Tag("dqnlab.sweep_id") is not null);
        Assert.Equal(SweepFile.Read(Path.Combine(_temp.Path, "out"))?.SweepId, parent.Tag("dqnlab.sweep_id"));
        var children = runs.Where(r => r.RunId != parent.RunId).ToList();
        Assert.Equal(4, children.Count);
        Assert.All(children, c => Assert.Equal(parent.RunId, c.Tag("mlflow.parentRunId")));
        Assert.All(children, c => Assert.Equal("FINISHED", c.Status));
        // each shard ended with trials of the other shard's still to come: the parent stays open
        Assert.Equal("RUNNING", parent.Status);

        var sync = RunnerProcess.Run(_temp.Path, "mlflow", "sync", "out", "--tracking-uri", _server.Url);

        Assert.True(sync.ExitCode == 0, sync.All);
        Assert.Equal("FINISHED", _server.Run(parent.RunId)?.Status);
        Assert.Equal(5, _server.RunsOf("tiny12").Count);
    }
}
