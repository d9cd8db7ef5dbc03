using Lab.Agent;
using Lab.Runner.Commands;
using Lab.Runner.Progress;
using Lab.Runner.Store;
using Lab.Runner.Tests.Mlflow;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>
/// A finished trial whose files were damaged after the fact (a cut metrics.csv, a status.json that is not
/// JSON) is not taken for whole: the report leaves it out and exits 1, saying why in words, and
/// `runner mlflow sync` does not send it as complete.
/// </summary>
public sealed class DamagedTrialTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SyntheticSweep _sweep = SyntheticSweep.Make("damaged", configs: 1, replicates: 3, episodes: 20,
        status: (_, _) => TrialStatus.Finished);
    private FakeMlflowServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMlflowServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    private string Written() => _sweep.Write(_temp.Path);

    [Fact]
    public void A_finished_trial_whose_last_metrics_row_is_cut_is_not_synced_as_complete()
    {
        var directory = Written();
        var cut = _sweep.Trials[0];
        FileCuts.CutLastLineInHalf(Path.Combine(directory, cut.TrialId, ResultsLayout.MetricsFile));

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.NotEqual(0, code);
        Assert.Contains(log, line => line.Contains(cut.TrialId, StringComparison.Ordinal)
                                     && line.Contains("holds 19 whole episodes where status.json counts 20", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.trial_id") == cut.TrialId);
        Assert.Equal(2, _server.RunsOf(_sweep.Name).Count(r => r.Tag("dqnlab.trial_id") is not null));
    }

    [Fact]
    public void A_huge_mlflow_json_is_not_read_and_the_sync_converges_as_without_one()
    {
        var directory = Written();
        var (first, firstLog) = LiveLog.Sync(directory, _server.Url);
        var points = _server.RunsOf(_sweep.Name).Sum(r => r.Metrics.Count);
        // 5 GB of zero bytes, sparse: no disk, and far past the 4 MiB an mlflow.json may have
        using (var file = new FileStream(Path.Combine(directory, _sweep.Trials[0].TrialId, SyncStateFile.FileName), FileMode.Create))
            file.SetLength(5L << 30);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.True(first == 0, string.Join("\n", firstLog));
        Assert.True(code == 0, string.Join("\n", log));
        Assert.Equal(points, _server.RunsOf(_sweep.Name).Sum(r => r.Metrics.Count));
        Assert.Equal(0, _server.ResentPoints);
        Assert.Equal(3, _server.RunsOf(_sweep.Name).Count(r => r.Tag("dqnlab.trial_id") is not null));
        Assert.True(new FileInfo(Path.Combine(directory, _sweep.Trials[0].TrialId, SyncStateFile.FileName)).Length < 1 << 20, "mlflow.json was written anew");
    }

    [Fact]
    public void The_report_of_a_folder_with_damaged_trials_names_the_damage_in_words_and_exits_1()
    {
        var directory = Written();
        FileCuts.CutLastLineInHalf(Path.Combine(directory, _sweep.Trials[0].TrialId, ResultsLayout.MetricsFile));
        File.WriteAllText(Path.Combine(directory, _sweep.Trials[1].TrialId, ResultsLayout.StatusFile), "{\"status\": \"finis");
        var output = new StringWriter();

        var code = ReportCommand.Run(directory, PlainConsole.Create(output), resamples: 100);

        Assert.Equal(1, code);
        var text = output.ToString();
        Assert.Contains("2 trials' files are damaged (listed above) and left out", text);
        Assert.Contains("the file was cut", text);
        Assert.Contains("not valid JSON", text);
        Assert.DoesNotContain("Exception", text);
        Assert.True(File.Exists(Path.Combine(directory, "report.html")));
    }
}
