using System.Diagnostics;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>Ctrl+C (SIGINT) stops a run cleanly: status "interrupted", every file whole, exit code 130.</summary>
public sealed class InterruptTests
{
    [Fact]
    public void Ctrl_C_during_train_leaves_status_interrupted_and_the_metrics_so_far()
    {
        using var temp = new TempDirectory();
        var config = temp.File("long.yaml", CliTests.TinyConfig.Replace("episodes: 20", "episodes: 100000"));

        using var process = RunnerProcess.Start(temp.Path, null, "train", config, "--quiet");
        var results = Path.Combine(temp.Path, "results", "tiny");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (MetricsRows(results) < 20 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "runner did not stop after SIGINT");

        Assert.Equal(130, process.ExitCode);
        var trial = Assert.Single(Directory.GetDirectories(results));
        Assert.Contains("\"interrupted\"", File.ReadAllText(Path.Combine(trial, "status.json")));
        var rows = File.ReadAllLines(Path.Combine(trial, "metrics.csv"));
        Assert.True(rows.Length > 20);
        Assert.All(rows.Skip(1), row => Assert.Equal(10, row.Split(',').Length));
        Assert.True(File.Exists(Path.Combine(trial, "model.dqn")));
    }

    private static int MetricsRows(string results)
    {
        if (!Directory.Exists(results)) return 0;
        var file = Directory.GetFiles(results, "metrics.csv", SearchOption.AllDirectories).FirstOrDefault();
        if (file is null) return 0;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is not null) count++;
        return count - 1;
    }
}
