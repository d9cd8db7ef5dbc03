using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Commands;
using Lab.Runner.Playing;
using Lab.Runner.Rendering;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Rendering;

/// <summary>
/// `runner play --fps F` (docs/WATCHING.md): each frame stays 1/F seconds, and with --assist a turn the
/// person lets pass for 1/F keeps the agent's choice. The waits go through the session's wait action and
/// the turn's limit through the key source, so the tests read the pace without a clock.
/// </summary>
public sealed class PlayPaceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private static readonly EnvironmentView CartPoleView = EnvironmentView.For("CartPole-v1");

    public void Dispose() => _temp.Dispose();

    private static PlayArgs Parse(params string[] argv) => Cli.Parse("runner", ["play", "model.dqn", .. argv]) switch
    {
        CliParse.Parsed { Item: Command.Play play } => play.Item,
        var other => throw new InvalidOperationException($"'{string.Join(' ', argv)}' gave {other}"),
    };

    [Theory]
    [InlineData(20, false, 50)]
    [InlineData(20, true, 50)]  // --fps wins over the env's rate on a terminal too
    [InlineData(4, false, 250)]
    public void Fps_on_the_command_line_sets_the_frame_interval_and_the_persons_turn_to_one_over_F(int fps, bool live, int milliseconds)
    {
        var pace = PlayCommand.Pace(Parse("--fps", fps.ToString(System.Globalization.CultureInfo.InvariantCulture)), live, CartPoleView);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), pace.FrameInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), pace.PersonLimit);
    }

    [Fact]
    public void Without_fps_a_terminal_shows_the_envs_rate_a_pipe_does_not_wait_and_the_person_has_all_the_time_needed()
    {
        var onTerminal = PlayCommand.Pace(Parse(), live: true, CartPoleView);
        var inPipe = PlayCommand.Pace(Parse(), live: false, CartPoleView);

        Assert.Equal(TimeSpan.FromMilliseconds(20), onTerminal.FrameInterval); // CartPole's render_fps, 50
        Assert.Equal(TimeSpan.Zero, inPipe.FrameInterval);
        Assert.Null(onTerminal.PersonLimit);
        Assert.Null(inPipe.PersonLimit);
    }

    [Theory]
    [InlineData(20, 50)]
    [InlineData(8, 125)]
    public void With_fps_every_frame_shown_waits_one_frame_interval(int fps, int milliseconds)
    {
        var waits = new List<TimeSpan>();

        var trace = Play(HandModels.AlwaysRight(_temp.Path), PlayPace.For(fps, live: false, CartPoleView.Fps), waits, keys: null);

        // pushing right from episode 1's start of seed 1 ends after that many steps; the last frame (no action) is shown too
        var steps = HandModels.AlwaysRightSteps(1, 0);
        Assert.Equal(steps, trace.Steps);
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromMilliseconds(milliseconds), steps + 1), waits);
    }

    [Fact]
    public void Without_fps_plain_frames_do_not_wait()
    {
        var waits = new List<TimeSpan>();

        Play(HandModels.AlwaysRight(_temp.Path), PlayPace.For(null, live: false, CartPoleView.Fps), waits, keys: null);

        Assert.Empty(waits);
    }

    [Fact]
    public void With_fps_and_assist_a_turn_the_person_lets_pass_keeps_the_agents_choice()
    {
        var keys = new SilentPerson();

        var trace = Play(HandModels.Tilting(_temp.Path), PlayPace.For(20, live: false, CartPoleView.Fps), [], keys);

        Assert.NotEmpty(keys.Limits); // the tilting agent falls below the threshold: the person had turns
        Assert.All(keys.Limits, l => Assert.Equal(TimeSpan.FromMilliseconds(50), l));
        Assert.Equal(0, trace.PersonSteps);
        Assert.All(trace.Frames.Where(f => f.Action >= 0), f => Assert.Equal(f.Greedy, f.Action));
        Assert.True(trace.Terminated);
    }

    [Fact]
    public void Without_fps_the_persons_turn_has_no_time_limit()
    {
        var keys = new SilentPerson { AnswerLeft = true };

        var trace = Play(HandModels.Tilting(_temp.Path), PlayPace.For(null, live: false, CartPoleView.Fps), [], keys);

        Assert.NotEmpty(keys.Limits);
        Assert.All(keys.Limits, l => Assert.Null(l));
        Assert.Equal(keys.Limits.Count, trace.PersonSteps);
    }

    private static EpisodeTrace Play(string modelPath, PlayPace pace, List<TimeSpan> waits, IKeySource? keys)
    {
        var model = TrainedModel.Open(modelPath, out var error) ?? throw new InvalidOperationException(error);
        var environment = Environments.Create(model.Env.Name, 0);
        var screen = new PlayScreen(TextWriter.Null, CartPoleView, environment.Name, 1, live: false, colour: false, assist: keys is not null);
        var session = new PlaySession(screen, CartPoleView, keys, 0.2, pace, waits.Add, () => null, TextWriter.Null, CancellationToken.None);
        return Assert.Single(EpisodePlayer.Play(environment, model.Network, model.Seed, 1, environment.MaxSteps, session.Choose, session.Show));
    }

    /// <summary>A person who never answers in time (the key source's limit passes), or with AnswerLeft one who always answers left.</summary>
    private sealed class SilentPerson : IKeySource
    {
        public List<TimeSpan?> Limits { get; } = [];
        public bool AnswerLeft { get; init; }
        public bool Ended => false;

        public PersonKey? Next(TimeSpan? limit, CancellationToken cancel)
        {
            Limits.Add(limit);
            return AnswerLeft ? PersonKey.Left : null;
        }

        public void Dispose()
        {
        }
    }
}
