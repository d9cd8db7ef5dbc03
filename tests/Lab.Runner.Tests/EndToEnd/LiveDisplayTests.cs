using System.Text.RegularExpressions;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// The live display as a person sees it: the built runner under a pseudo-terminal of 80 columns (and
/// resized to 60 and 120 while it runs), read back through a terminal emulator. Before every redraw
/// the progress region must hold only whole progress lines, and nothing above it may hold a piece
/// of one; at the end every finished trial's line is there, whole and once.
/// </summary>
public sealed partial class LiveDisplayTests
{
    private const string Grid = """
        name: tiny-grid
        config:
          env: CartPole-v1
          episodes: 120
          memory: 2000
          learning_starts: 64
          network: {hidden: [16, 16]}
          epsilon: {schedule: multiplicative, start: 1.0, min: 0.05, decay: 0.99}
          target_update: episode
          evaluation: {every_episodes: 20, episodes: 5}
        seeds: 3
        grid:
          batch_size: [16, 32]
          memory: [2000, 3000]
        """;

    [GeneratedRegex(@"[━─]")]
    private static partial Regex BarCharacter();

    // A running trial or the overall bar, whole: who, the bar, its percentage, then whole fields.
    [GeneratedRegex(@"^(batch_size=(16|32) memory=(2000|3000) seed=[123]|tiny-grid) ━*─* +\d{1,3}%( {2}\S.*)?$|^… and \d+ more running$")]
    private static partial Regex SweepLiveLine();

    // Spectre wraps a long line at a space, so the words may be split over rows.
    [GeneratedRegex(@"^\[(\d+)/12\]\s+batch_size=(16|32)\s+memory=(2000|3000)\s+seed=[123]:\s+finished\s+after\s+120\s+episodes,\s+[\d,]+\s+steps,\s+[\d.]+\s+s\s+—\s+greedy\s+mean\s+[\d.]+\s+over\s+5$", RegexOptions.Multiline)]
    private static partial Regex FinishedLine();

    [Fact]
    public void The_sweep_display_stays_whole_at_80_columns_and_when_resized_to_60_and_120()
    {
        using var temp = new TempDirectory();
        temp.File("grid.yaml", Grid);
        // The runner goes in slices of 20 ms, stopped while the script counts, so however fast the
        // machine, the resizes land while trials are still left to draw. A trial's last file,
        // episode-q.svg, is written just before its line is printed (status.json comes before its
        // plots), so one more slice lets the display print it at the old width first.
        var script = $"""
            {Pty.Runner} sweep grid.yaml --jobs 2 --no-report & pid=$!
            kill -STOP $pid
            finished() {"{"} ls results/tiny-grid/*/episode-q.svg 2>/dev/null | wc -l; {"}"}
            run_until() {"{"} while [ $(finished) -lt $1 ] && kill -0 $pid 2>/dev/null; do kill -CONT $pid; sleep 0.02; kill -STOP $pid; done; kill -CONT $pid; sleep 0.02; kill -STOP $pid; {"}"}
            run_until 2
            {Pty.Resize(60)}
            kill -STOP $pid
            run_until 6
            {Pty.Resize(120)}
            wait $pid
            """;

        var (exitCode, output) = Pty.Run(temp.Path, 80, 30, script, TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, output);
        var screen = new TerminalScreen(80, 30);
        var redrawsAt = new Dictionary<int, int> { [80] = 0, [60] = 0, [120] = 0 };
        screen.BeforeErase = s =>
        {
            redrawsAt[s.Width]++;
            var region = s.LinesOf(s.CursorRow, s.Rows.Count);
            Assert.All(region, line => Assert.Matches(SweepLiveLine(), line));
            Assert.All(s.Rows.Take(s.CursorRow), row => Assert.DoesNotMatch(BarCharacter(), row));
        };
        screen.Feed(output);

        Assert.All(redrawsAt, width => Assert.True(width.Value > 0, $"no redraw at {width.Key} columns:\n{output}"));
        var lines = screen.Lines;
        Assert.All(lines, line => Assert.DoesNotMatch(BarCharacter(), line));
        var finished = FinishedLine().Matches(string.Join('\n', lines)).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 12), finished.Order());
        Assert.Contains(lines, l => l.StartsWith("Done: 12 trials finished", StringComparison.Ordinal));
    }

    // The tiny config, long enough to watch: total_steps binds before the 10,000 episodes, and an early stop may come first.
    private static readonly string LongTrain =
        CliTests.TinyConfig.Replace("episodes: 20\n", "episodes: 10000\ntotal_steps: 20000\nstop: {consecutive_caps: 3}\n");

    [GeneratedRegex(@"^tiny [0-9a-f]{8} seed=3 ━*─* +\d{1,3}%  step [\d,]+/20,000(  \d+:\d\d)?$")]
    private static partial Regex TrainFirstLine();

    [GeneratedRegex(@"^(return [\d.]+ \(mean of \d+\)|return -)  loss ([\d.]+|-)  ε ([\d.]+|-)  [\d,]+ steps/s$")]
    private static partial Regex TrainSecondLine();

    [GeneratedRegex(@"^(eval [\d.]+ ± [\d.]+ at episode [\d,]+|eval every 10 episodes: none yet)  early stop: [0-3]/3 capped in a row$")]
    private static partial Regex TrainThirdLine();

    [Fact]
    public void The_train_display_shows_the_binding_budget_mean_return_loss_epsilon_speed_and_the_latest_evaluation()
    {
        using var temp = new TempDirectory();
        Assert.Contains("total_steps: 20000", LongTrain);
        temp.File("long.yaml", LongTrain);

        var (exitCode, output) = Pty.Run(temp.Path, 80, 30, $"{Pty.Runner} train long.yaml", TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, output);
        var screen = new TerminalScreen(80, 30);
        var frames = new List<IReadOnlyList<string>>();
        screen.BeforeErase = s =>
        {
            var region = s.LinesOf(s.CursorRow, s.Rows.Count);
            if (region.Count == 3) frames.Add(region);
            else Assert.True(region.Count <= 1 && region.All(l => l.Length == 0), string.Join('\n', region));
            Assert.All(s.Rows.Take(s.CursorRow), row => Assert.DoesNotMatch(BarCharacter(), row));
        };
        screen.Feed(output);

        Assert.NotEmpty(frames);
        Assert.All(frames, frame =>
        {
            Assert.Matches(TrainFirstLine(), frame[0]);
            Assert.Matches(TrainSecondLine(), frame[1]);
            Assert.Matches(TrainThirdLine(), frame[2]);
        });
        Assert.Contains(frames, f => f[2].Contains(" at episode ", StringComparison.Ordinal));
        // Evaluations stay on the screen (they used to vanish with the progress bar), and so does the end.
        var lines = screen.Lines;
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^tiny [0-9a-f]{8} seed=3 eval after 10 episodes: greedy mean [\d.]+ ± [\d.]+ over 5$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^tiny [0-9a-f]{8} seed=3: (finished|stopped early) after \d+ episodes"));
        Assert.All(lines, line => Assert.DoesNotMatch(BarCharacter(), line));
    }
}
