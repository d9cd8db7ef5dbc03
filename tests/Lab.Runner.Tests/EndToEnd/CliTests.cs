using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>The built `runner` on real YAML files, as a person runs it.</summary>
public sealed class CliTests
{
    internal const string TinyConfig = """
        name: tiny
        env: CartPole-v1
        episodes: 20
        memory: 2000
        learning_starts: 64
        batch_size: 32
        network: {hidden: [16, 16]}
        epsilon: {schedule: multiplicative, start: 1.0, min: 0.05, decay: 0.99}
        target_update: episode
        evaluation: {every_episodes: 10, episodes: 5}
        seed: 3
        """;

    [Fact]
    public void Train_writes_a_trial_folder_and_says_where_it_is()
    {
        using var temp = new TempDirectory();
        var config = temp.File("tiny.yaml", TinyConfig);

        var run = RunnerProcess.Run(temp.Path, "train", config, "--seed", "5", "--set", "episodes=12");

        Assert.True(run.ExitCode == 0, run.All);
        var trial = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "results", "tiny")));
        Assert.StartsWith("seed5-", Path.GetFileName(trial));
        Assert.Equal(12 + 1, File.ReadAllLines(Path.Combine(trial, "metrics.csv")).Length);
        Assert.Contains("finished", File.ReadAllText(Path.Combine(trial, "status.json")));
        Assert.Contains(Path.GetFileName(trial), run.Output);
    }

    [Fact]
    public void Eval_standard_runs_ten_thousand_episodes_of_a_trained_model_and_saves_the_figures()
    {
        using var temp = new TempDirectory();
        var config = temp.File("tiny.yaml", TinyConfig);
        var train = RunnerProcess.Run(temp.Path, "train", config, "--quiet");
        Assert.True(train.ExitCode == 0, train.All);
        var model = Directory.GetFiles(Path.Combine(temp.Path, "results", "tiny"), "model.dqn", SearchOption.AllDirectories).Single();

        var eval = RunnerProcess.Run(temp.Path, "eval", model, "--standard");

        Assert.True(eval.ExitCode == 0, eval.All);
        Assert.Contains("standard test: 10,000 greedy episodes of CartPole-v1, cap 500", eval.Output);
        foreach (var column in new[] { "min", "max", "mean", "median", "std", "reached cap" }) Assert.Contains(column, eval.Output);
        var saved = Path.Combine(Path.GetDirectoryName(model)!, "eval-standard-10000x500-seed3.json");
        Assert.True(File.Exists(saved), eval.Output);
        Assert.Contains("\"episodes\": 10000", File.ReadAllText(saved));
    }

    [Fact]
    public void Eval_of_a_missing_or_corrupt_model_says_so_with_exit_code_2()
    {
        using var temp = new TempDirectory();
        var missing = RunnerProcess.Run(temp.Path, "eval", "nope/model.dqn");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope/model.dqn", missing.Error);

        var corrupt = temp.File("model.dqn", "this is not a network");
        var run = RunnerProcess.Run(temp.Path, "eval", corrupt);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("model.dqn", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("gama: 0.9\n", "did you mean 'gamma'", 1)]
    [InlineData("gamma: 1.5\n", "gamma", 1)]
    [InlineData("batch_size: lots\n", "batch_size", 1)]
    [InlineData("memory: 10\nbatch_size: 64\n", "larger than memory", 2)]
    [InlineData("network: {hidden: []}\n", "hidden", 1)]
    [InlineData("env: CartPole-v9\n", "CartPole-v1", 1)]
    [InlineData("episodes: 10\n  gamma: [\n", "bad.yaml:", 2)]
    public void A_broken_config_gets_a_clear_error_naming_file_line_and_key_with_exit_code_2(string yaml, string expected, int line)
    {
        using var temp = new TempDirectory();
        var config = temp.File("bad.yaml", yaml);

        var run = RunnerProcess.Run(temp.Path, "train", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Contains($"bad.yaml:{line}", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "results")), "nothing is written for a config that does not validate");
    }

    [Fact]
    public void A_missing_config_file_is_named_in_the_error()
    {
        using var temp = new TempDirectory();
        var run = RunnerProcess.Run(temp.Path, "train", "experiments/none.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("none.yaml", run.Error);
    }

    [Fact]
    public void An_unknown_command_or_flag_prints_usage_with_exit_code_2()
    {
        using var temp = new TempDirectory();
        var run = RunnerProcess.Run(temp.Path, "train", "x.yaml", "--frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--frobnicate", run.Error);
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        using var temp = new TempDirectory();
        var run = RunnerProcess.Run(temp.Path, "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "train", "eval", "sweep", "report", "mlflow", "bench" })
            Assert.Contains(command, run.Output);
    }
}
