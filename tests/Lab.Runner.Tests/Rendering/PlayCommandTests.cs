using System.Globalization;
using System.Text.RegularExpressions;
using Lab.Core;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Rendering;

/// <summary>
/// `runner play` end to end through the built runner, its output to a pipe (so plain frames with one
/// "episode | step | return | max Q | threshold | action | by" line each), keys from a file or a pipe.
/// The tilting model pushes right, which tips the pole left and lowers its max Q (50 + 10·θ); the
/// scripted person always answers left.
/// </summary>
public sealed partial class PlayCommandTests
{
    private sealed record Line(int Step, double MaxQ, double Threshold, string Action, string By);

    [GeneratedRegex(@"^episode 1 \| step (\d+) \| return [^|]+ \| max Q ([^ ]+) \| threshold ([^ ]+) \| action (\w+) \| by (\w+)$", RegexOptions.Multiline)]
    private static partial Regex StepLine();

    private static List<Line> Steps(string output) =>
        [.. StepLine().Matches(output).Select(m => new Line(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            m.Groups[4].Value, m.Groups[5].Value))];

    /// <summary>The first step at which the tilting agent's max Q, 50 + 10·θ, is no longer above 50 + 10·θ0 − margin (the core's physics, pushing right).</summary>
    private static int FirstTakeover(double margin)
    {
        var state = HandModels.Start(seed: 1, episode: 0);
        var threshold = 50 + 10 * (double)(float)state.Theta - margin;
        for (var step = 0; ; step++)
        {
            if (!(50 + 10 * (double)(float)state.Theta > threshold)) return step;
            state = CartPole.Step(CartPole.V1, state, 1).State;
        }
    }

    [Fact]
    public void Given_assist_with_scripted_keys_the_person_takes_over_below_the_threshold_and_hands_back_above_it()
    {
        using var temp = new TempDirectory();
        var model = HandModels.Tilting(temp.Path);
        var keys = temp.File("keys.txt", string.Join(' ', Enumerable.Repeat("a", 1000)));

        var run = RunnerProcess.Run(temp.Path, "play", model, "--assist", "--margin", "0.2", "--input", keys);

        Assert.Equal(0, run.ExitCode);
        var steps = Steps(run.Output).Where(s => s.Action != "end").ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.Equal(steps[0].MaxQ - 0.2, s.Threshold, 3)); // the initial max Q − the margin
        foreach (var s in steps.Where(s => Math.Abs(s.MaxQ - s.Threshold) > 1e-3))
        {
            Assert.Equal(s.MaxQ <= s.Threshold ? "you" : "agent", s.By);
            Assert.Equal(s.By == "you" ? "left" : "right", s.Action);
        }
        Assert.Equal(FirstTakeover(0.2), steps.First(s => s.By == "you").Step);
        var handovers = steps.Zip(steps.Skip(1)).Count(p => p.First.By != p.Second.By);
        Assert.True(handovers >= 2, $"expected a takeover and a handback, saw {handovers} changes");
        var person = steps.Count(s => s.By == "you");
        Assert.Contains($"You chose {person} of the {steps.Count} steps, the agent {steps.Count - person}", run.Output);
        Assert.Contains("Your move: max Q", run.Output);
        Assert.Contains("(the agent would choose right)", run.Output);
    }

    [Fact]
    public void Given_assist_with_keys_through_a_pipe_the_same_code_path_gives_the_same_game_as_a_file()
    {
        using var temp = new TempDirectory();
        var model = HandModels.Tilting(temp.Path);
        var words = string.Join(' ', Enumerable.Repeat("left", 1000));
        var keys = temp.File("keys.txt", words);

        var fromFile = RunnerProcess.Run(temp.Path, "play", model, "--assist", "--input", keys);
        var fromPipe = RunnerProcess.RunWithInput(temp.Path, words, "play", model, "--assist");

        Assert.Equal(0, fromPipe.ExitCode);
        Assert.Contains("by you", fromPipe.Output);
        Assert.Equal(fromFile.Output, fromPipe.Output);
    }

    [Fact]
    public void Given_fewer_keys_than_turns_the_episode_stops_when_the_input_ends_after_that_many_person_steps()
    {
        using var temp = new TempDirectory();
        var model = HandModels.Tilting(temp.Path);
        var keys = temp.File("keys.txt", "a\nx\nleft\n\u001b[D");

        var run = RunnerProcess.Run(temp.Path, "play", model, "--assist", "--input", keys);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, Steps(run.Output).Count(s => s.By == "you")); // a, left and ← (the arrow's escape sequence); x is skipped
        Assert.Contains("'x' is not a key", run.Error);
        Assert.Contains("The input ended at step", run.Error);
        Assert.Matches(@"Episode 1: \d+ steps, return \d+ \(stopped\)\. You chose 3 of the", run.Output);
    }

    [Fact]
    public void Given_a_larger_margin_the_threshold_is_lower_and_the_person_is_asked_later()
    {
        using var temp = new TempDirectory();
        var model = HandModels.Tilting(temp.Path);
        var keys = temp.File("keys.txt", string.Join(' ', Enumerable.Repeat("a", 1000)));

        var run = RunnerProcess.Run(temp.Path, "play", model, "--assist", "--margin", "0.5", "--input", keys);

        var steps = Steps(run.Output);
        Assert.Equal(steps[0].MaxQ - 0.5, steps[0].Threshold, 3);
        Assert.Equal(FirstTakeover(0.5), steps.First(s => s.By == "you").Step);
        Assert.True(FirstTakeover(0.5) > FirstTakeover(0.2));
    }

    [Fact]
    public void Given_no_assist_the_agent_plays_the_episodes_from_the_seeds_eval_starts()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);

        var run = RunnerProcess.Run(temp.Path, "play", model, "--episodes", "2", "--seed", "4");

        Assert.Equal(0, run.ExitCode);
        var (first, second) = (HandModels.AlwaysRightSteps(4, 0), HandModels.AlwaysRightSteps(4, 1));
        Assert.Contains($"Episode 1: {first} steps, return {first} (terminated).", run.Output);
        Assert.Contains($"Episode 2: {second} steps, return {second} (terminated).", run.Output);
        Assert.DoesNotContain("threshold", run.Output);
        Assert.DoesNotContain("\u001b[", run.Output); // plain frames: no escape codes in a pipe
        Assert.Contains("#", run.Output); // the picture
    }

    [Fact]
    public void Given_margin_or_input_without_assist_it_is_refused()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);

        var run = RunnerProcess.Run(temp.Path, "play", model, "--margin", "0.5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--margin goes with --assist", run.Error);
    }
}
