using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>sweep.json, mlflow.json and the writer's lock: the whole-folder files of a results folder.</summary>
public sealed class SweepFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Sweep_json_reads_back_every_field_in_its_order()
    {
        var sweep = new SweepFile("id1", "batch-size", "Does a bigger batch help?", "experiments/batch-size.yaml",
            "name: batch-size\n", "abc123", ["b", "a", "c"]);

        sweep.Write(_temp.Path);
        var back = SweepFile.Read(_temp.Path)!;

        Assert.Equal((sweep.SweepId, sweep.Name, sweep.Question, sweep.GridPath, sweep.GridText, sweep.GitCommit),
            (back.SweepId, back.Name, back.Question, back.GridPath, back.GridText, back.GitCommit));
        Assert.Equal(["b", "a", "c"], back.Trials);
        Assert.True(back.Plans(["b", "a", "c"]));
        Assert.False(back.Plans(["a", "b", "c"]));
        Assert.False(back.Plans(["b", "a"]));
    }

    [Fact]
    public void A_sweep_includes_its_planned_trial_folders_only_and_every_folder_when_it_plans_none()
    {
        var planned = new SweepFile(null, null, null, null, null, null, ["t1", "t2"]);
        var unplanned = planned with { Trials = [] };

        Assert.True(planned.Includes(Path.Combine(_temp.Path, "t1")));
        Assert.True(planned.Includes(Path.Combine(_temp.Path, "t2") + Path.DirectorySeparatorChar));
        Assert.False(planned.Includes(Path.Combine(_temp.Path, "T1")));
        Assert.False(planned.Includes(Path.Combine(_temp.Path, "t3")));
        Assert.True(unplanned.Includes(Path.Combine(_temp.Path, "anything")));
    }

    [Fact]
    public void No_sweep_json_is_null_and_blank_fields_are_missing()
    {
        Assert.Null(SweepFile.Read(_temp.Path));
        File.WriteAllText(Path.Combine(_temp.Path, "sweep.json"), """{"sweep_id": "", "name": "x", "trials": ["t1", ""]}""");

        var back = SweepFile.Read(_temp.Path)!;

        Assert.Null(back.SweepId);
        Assert.Equal("x", back.Name);
        Assert.Equal(["t1"], back.Trials);
    }

    [Fact]
    public void Mlflow_json_reads_back_each_servers_state()
    {
        var servers = new SortedDictionary<string, SyncState>(StringComparer.Ordinal)
        {
            ["http://b:5000"] = new() { RunId = "r2", MetricRowsSynced = 7, ArtifactsSent = ["plot.svg"], UnconfirmedEvalRows = 2 },
            ["http://a:5000"] = new() { ExperimentId = "1", RunId = "r1", ParamsSent = true, FinalSent = true, StatusSent = "FINISHED" },
        };

        SyncStateFile.Save(_temp.Path, servers);
        var back = SyncStateFile.Load(_temp.Path);
        var text = File.ReadAllText(SyncStateFile.PathIn(_temp.Path));

        Assert.Equal(["http://a:5000", "http://b:5000"], back.Keys);
        Assert.True(back["http://a:5000"].SameAs(servers["http://a:5000"]));
        Assert.True(back["http://b:5000"].SameAs(servers["http://b:5000"]));
        Assert.False(back["http://b:5000"].SameAs(servers["http://a:5000"]));
        Assert.Contains("\"format\": 1", text);
        Assert.Contains("\"metric_rows_synced\": 7", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    public void A_missing_or_unreadable_mlflow_json_is_no_state_so_everything_is_checked_again(string? text)
    {
        if (text is not null) File.WriteAllText(SyncStateFile.PathIn(_temp.Path), text);

        Assert.Empty(SyncStateFile.Load(_temp.Path));
    }

    [Fact]
    public void A_copy_of_a_sync_state_is_the_same_and_does_not_share_its_artifact_list()
    {
        var state = new SyncState { RunId = "r", ArtifactsSent = ["a"], UnconfirmedFinal = true };

        var copy = state.Copy();
        copy.ArtifactsSent.Add("b");

        Assert.Equal(["a"], state.ArtifactsSent);
        Assert.False(copy.SameAs(state));
        Assert.True(state.Copy().SameAs(state));
    }

    [Fact]
    public void The_lock_refuses_a_second_writer_until_the_first_lets_go_and_the_file_stays()
    {
        Assert.False(SweepLock.IsHeld(_temp.Path));

        using (SweepLock.Acquire(_temp.Path))
        {
            Assert.True(SweepLock.IsHeld(_temp.Path));
            var error = Assert.Throws<SweepLockedException>(() => SweepLock.Acquire(_temp.Path));
            Assert.Contains(_temp.Path, error.Message);
            Assert.Contains("--out", error.Message);
        }

        // the file stays, naming who held it last
        Assert.Equal($"pid {Environment.ProcessId}\n", File.ReadAllText(Path.Combine(_temp.Path, ".lock")));
        Assert.False(SweepLock.IsHeld(_temp.Path));
        using var again = SweepLock.Acquire(_temp.Path);
    }

    [Fact]
    public void Acquiring_the_lock_makes_the_results_folder()
    {
        var folder = Path.Combine(_temp.Path, "new", "results");

        using (SweepLock.Acquire(folder)) Assert.True(Directory.Exists(folder));
    }
}
