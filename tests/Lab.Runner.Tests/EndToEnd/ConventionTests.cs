using System.Diagnostics;
using System.Text.RegularExpressions;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// The command line as CleanRL, rl-zoo and Hydra users type it, on the built runner: --seed=3, bare
/// key=value overrides, seeds and axes for a sweep, listing presets and envs, short flags, help and
/// version, short argument errors, and hints that name the full key and a command that works.
/// </summary>
public sealed partial class ConventionTests
{
    private static string Tiny(TempDirectory temp) => temp.File("tiny.yaml", CliTests.TinyConfig.Replace("episodes: 20", "episodes: 4"));

    private static string TrialConfig(string resultsFolder) =>
        File.ReadAllText(Path.Combine(Assert.Single(Directory.GetDirectories(resultsFolder)), "config.yaml"));

    // A hint that names the runner names it as the README does.
    [GeneratedRegex(@"(?<![./\w])runner (train|eval|sweep|report|status|mlflow|bench|list|completion)\b")]
    private static partial Regex BareRunner();

    [Fact]
    public void Seed_equals_and_short_flags_and_a_bare_key_value_train_as_their_long_forms()
    {
        using var temp = new TempDirectory();
        var config = Tiny(temp);

        var run = RunnerProcess.Run(temp.Path, "train", config, "--seed=5", "gamma=0.9", "-o", "runs", "-q", "--set=batch_size=16");

        Assert.True(run.ExitCode == 0, run.All);
        var trial = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs")));
        Assert.StartsWith("seed5-", Path.GetFileName(trial));
        var written = File.ReadAllText(Path.Combine(trial, "config.yaml"));
        Assert.Contains("gamma: 0.9\n", written);
        Assert.Contains("batch_size: 16\n", written);
        Assert.Equal("", run.Output); // -q
    }

    [Fact]
    public void A_train_config_swept_with_seeds_and_an_axis_from_the_command_line_runs_every_cell_and_seed()
    {
        using var temp = new TempDirectory();
        var config = Tiny(temp);

        var run = RunnerProcess.Run(temp.Path, "sweep", config, "seeds=2", "batch_size=16,32", "episodes=3", "--no-report", "-q");

        Assert.True(run.ExitCode == 0, run.All);
        var trials = Directory.GetDirectories(Path.Combine(temp.Path, "results", "tiny")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(4, trials.Length);
        Assert.All(trials, t => Assert.Matches(@"^batch_size=(16|32)-s[34]-[0-9a-f]{8}$", t!));
        Assert.Equal(2, trials.Count(t => t!.Contains("-s3-")));
    }

    [Fact]
    public void A_grids_axis_gets_new_values_and_the_seeds_change_from_the_command_line()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", "name: g\nbase: tiny.yaml\nseeds: 5\ngrid:\n  batch_size: [16, 32]\n");
        Tiny(temp);

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "-n", "batch_size=8,16,64", "--seeds", "1,7", "--axis", "gamma=0.9,0.99");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("g: 12 trials → results/g", run.Output);
        Assert.Contains("batch_size=64 gamma=0.99", run.Output);
        Assert.Matches(@"│ 7 +│", run.Output);
    }

    [Fact]
    public void List_names_the_presets_envs_experiments_and_keys_with_the_command_that_uses_them()
    {
        var presets = RunnerProcess.Run(RepoPaths.Root, "list", "presets");
        Assert.True(presets.ExitCode == 0, presets.All);
        foreach (var file in Directory.GetFiles(RepoPaths.Of("experiments", "presets"), "*.yaml"))
            Assert.Matches($@"(?m)^  {Regex.Escape(Path.GetFileNameWithoutExtension(file))} +(CartPole-v[01]|Acrobot-v1|MountainCar-v0) ", presets.Output);
        Assert.Contains("./runner train experiments/presets/NAME.yaml", presets.Output);

        var envs = RunnerProcess.Run(RepoPaths.Root, "list", "envs");
        Assert.True(envs.ExitCode == 0, envs.All);
        var listed = Regex.Matches(envs.Output, @"(?m)^  (\S+) +cap (\d+) +solved at a mean of (-?\d+)").Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)));
        Assert.Equal(Lab.Core.Environments.All.Select(e => (e.Name, e.MaxSteps, (int)e.SolvedAt)), listed);

        var experiments = RunnerProcess.Run(RepoPaths.Root, "list", "experiments");
        Assert.True(experiments.ExitCode == 0, experiments.All);
        Assert.Matches(@"(?m)^  batch-size +20 trials  Does a larger replay batch", experiments.Output);

        // From anywhere, the lists come from the repository the runner was built in.
        using var temp = new TempDirectory();
        var keys = RunnerProcess.Run(temp.Path, "list", "keys");
        Assert.True(keys.ExitCode == 0, keys.All);
        Assert.Matches(@"(?m)^  optimizer\.learning_rate +0\.001 +a number$", keys.Output);
        Assert.Matches(@"(?m)^  env +CartPole-v1 +CartPole-v0 \| CartPole-v1 \| Acrobot-v1 \| MountainCar-v0$", keys.Output);
        Assert.Equal(0, RunnerProcess.Run(temp.Path, "list", "presets").ExitCode);
    }

    [Fact]
    public void Help_as_a_command_and_no_arguments_exit_0_and_version_names_the_commit()
    {
        using var temp = new TempDirectory();
        foreach (var args in new[] { Array.Empty<string>(), ["help"], ["help", "sweep"], ["--help"], ["sweep", "-h"] })
        {
            var run = RunnerProcess.Run(temp.Path, args);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.All}");
            Assert.Contains("USAGE: ./runner", run.Output);
        }

        var version = RunnerProcess.Run(temp.Path, "--version");
        Assert.Equal(0, version.ExitCode);
        var stamped = Regex.Match(version.Output.Trim(), @"^runner 1\.0\.0 \(commit ([0-9a-f]{12})\)$");
        Assert.True(stamped.Success, version.Output);
        // The commit the runner was built from is this repository's HEAD or one before it (a build, then a commit).
        var commit = Git("rev-parse", "--verify", "--quiet", stamped.Groups[1].Value + "^{commit}");
        Assert.StartsWith(stamped.Groups[1].Value, commit);
        Assert.Equal("", Git("merge-base", "--is-ancestor", commit, "HEAD"));
        Assert.Equal(version.Output, RunnerProcess.Run(temp.Path, "-V").Output);
    }

    [Fact]
    public void An_argument_error_is_short_names_the_argument_and_suggests_the_flag()
    {
        using var temp = new TempDirectory();

        var run = RunnerProcess.Run(temp.Path, "sweep", "g.yaml", "--dryrun");

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.TrimEnd().Split('\n');
        Assert.Equal("error: unknown option '--dryrun'; did you mean '--dry-run'?", lines[0]);
        Assert.StartsWith("usage: ./runner sweep", lines[1]);
        Assert.Equal("See './runner sweep --help' for every option and its default.", lines[^1]);
        Assert.DoesNotContain("OPTIONS:", run.Error);
        Assert.True(lines.Length <= 6, run.Error);
    }

    [Fact]
    public void Bench_with_an_unknown_name_is_an_error_and_writes_nothing()
    {
        using var temp = new TempDirectory();

        var run = RunnerProcess.Run(temp.Path, "bench", "--only", "foo");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--only foo: no such benchmark; one of env, network, eval, train, sweep", run.Error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "results")));
    }

    [Fact]
    public void More_jobs_than_cores_are_capped_with_a_warning()
    {
        using var temp = new TempDirectory();
        var config = Tiny(temp);
        var cores = Environment.ProcessorCount;

        var run = RunnerProcess.Run(temp.Path, "sweep", config, "--seeds", "1", "--jobs", "64", "--no-report");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains($"--jobs 64 is more than the {cores} cores here; running {cores} trials at a time.", run.Output);
        Assert.Contains($"1 trials, {cores} parallel jobs", run.Output);
    }

    [Theory]
    [InlineData("optimizer.lr=0.1", "optimizer.lr: unknown key; did you mean 'optimizer.learning_rate'?")]
    [InlineData("lr=0.1", "lr: unknown key; did you mean 'optimizer.learning_rate'?")]
    [InlineData("buffer_size=5000", "buffer_size: unknown key; did you mean 'memory'?")]
    [InlineData("epsilon.mn=0.1", "epsilon.mn: unknown key; did you mean 'epsilon.min'?")]
    public void A_mistyped_override_suggests_the_full_dotted_key(string set, string expected)
    {
        using var temp = new TempDirectory();
        var config = Tiny(temp);

        var run = RunnerProcess.Run(temp.Path, "train", config, "--set", set);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"--set: {expected}", run.Error.Trim());
    }

    [Fact]
    public void The_hint_for_sweeping_a_preset_gives_a_base_path_that_works_from_the_grid_it_suggests()
    {
        using var temp = new TempDirectory();
        CopyFolder(RepoPaths.Of("experiments", "presets"), Path.Combine(temp.Path, "experiments", "presets"));

        var run = RunnerProcess.Run(temp.Path, "sweep", "experiments/presets/dqn2.yaml");

        Assert.Equal(2, run.ExitCode);
        var hint = Regex.Match(run.Error, @"write a grid such as (\S+) with `base: ([^`]+)`");
        Assert.True(hint.Success, run.Error);
        Assert.Equal(("experiments/dqn2-grid.yaml", "presets/dqn2.yaml"), (hint.Groups[1].Value, hint.Groups[2].Value));
        Assert.Contains("`./runner train experiments/presets/dqn2.yaml`", run.Error);
        temp.File(hint.Groups[1].Value, $"base: {hint.Groups[2].Value}\nseeds: 2\n");
        var grid = RunnerProcess.Run(temp.Path, "sweep", hint.Groups[1].Value, "--dry-run");
        Assert.True(grid.ExitCode == 0, grid.All);
        Assert.Contains("dqn2-grid: 2 trials", grid.Output);

        // and the command-line sweep it names works as it is
        var cli = RunnerProcess.Run(temp.Path, "sweep", "experiments/presets/dqn2.yaml", "--seeds", "5", "--dry-run");
        Assert.True(cli.ExitCode == 0, cli.All);
        Assert.Contains("dqn2: 5 trials", cli.Output);
    }

    [Fact]
    public void Hints_name_the_runner_as_the_readme_does()
    {
        using var temp = new TempDirectory();
        var config = Tiny(temp);
        var outputs = new[]
        {
            RunnerProcess.Run(temp.Path, "train", config),
            RunnerProcess.Run(temp.Path, "train", config),
            RunnerProcess.Run(temp.Path, "sweep", config),
            RunnerProcess.Run(temp.Path, "report", "nowhere"),
            RunnerProcess.Run(temp.Path, "train", config, "x=1,2"),
            RunnerProcess.Run(temp.Path, "--help"),
            RunnerProcess.Run(temp.Path, "list", "presets"),
        };

        Assert.Contains("(try: ./runner eval ", outputs[0].Output);
        Assert.Contains("To train it again beside it: ./runner train ", outputs[1].Output);
        Assert.All(outputs, o => Assert.DoesNotMatch(BareRunner(), o.All));
        foreach (var doc in Directory.GetFiles(RepoPaths.Of("docs"), "*.md").Append(RepoPaths.Of("README.md")))
            Assert.DoesNotMatch(BareRunner(), File.ReadAllText(doc));
    }

    internal static string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var git = Process.Start(info)!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)} failed");
        return output;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
