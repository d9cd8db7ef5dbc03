using System.Diagnostics;
using System.Globalization;
using Lab.Agent;
using Spectre.Console;
using static Lab.Runner.Progress.ProgressText;

namespace Lab.Runner.Progress;

/// <summary>
/// Progress of one or many trials. On a terminal: a live region (<see cref="LiveTerminal"/>) with a
/// line per running trial and an overall bar with ETA for a sweep, or three lines for a single
/// train (progress toward what ends it, rolling mean return, loss, ε, steps per second, latest
/// evaluation); finished trials and a train's evaluations are written above it and stay. Otherwise
/// (CI, logs, pipes) plain lines at a steady pace. It is a sink of training events like any other,
/// and is safe to use from several worker threads.
/// </summary>
internal sealed class ProgressBoard
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(200);
    private readonly IAnsiConsole _console;
    private readonly LiveTerminal? _terminal;
    private readonly string _title;
    private readonly int _total;
    private readonly bool _quiet;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TrialProgress> _running = [];
    private int _done;

    private ProgressBoard(IAnsiConsole console, LiveTerminal? terminal, string title, int total, bool quiet)
    {
        _console = console;
        _terminal = terminal;
        _title = title;
        _total = total;
        _quiet = quiet;
    }

    public static T Run<T>(IAnsiConsole console, string title, int total, bool quiet, Func<ProgressBoard, T> body)
    {
        var terminal = quiet ? null : Consoles.LiveTerminalOf(console);
        var board = new ProgressBoard(console, terminal, title, total, quiet);
        if (terminal is null) return body(board);
        terminal.Show(board.Lines);
        using var timer = new Timer(_ => terminal.Refresh(), null, RefreshEvery, RefreshEvery);
        try
        {
            return body(board);
        }
        finally
        {
            timer.Dispose();
            terminal.Hide();
        }
    }

    public ITrialSink SinkFor(TrainConfig config) => new TrialSink(this, config);

    /// <summary>The live region for a width: a single train's three lines, or a line per running trial and the overall bar.</summary>
    internal IReadOnlyList<string> Lines(int width)
    {
        TrialProgress[] running;
        int done;
        lock (_running)
        {
            running = [.. _running];
            done = _done;
        }
        if (_total <= 1) return running.Length == 1 ? SingleTrialLines(running[0], width) : [];

        var lines = new List<string>();
        var rows = Math.Clamp(LiveTerminal.Height - 4, 1, 12);
        foreach (var trial in running.Take(running.Length > rows ? rows - 1 : rows)) lines.Add(SweepTrialLine(trial, width));
        if (running.Length > rows) lines.Add(Line(width, $"… and {running.Length - rows + 1} more running", null, []));

        var fraction = _total == 0 ? 1 : (done + running.Sum(t => t.Fraction)) / _total;
        var elapsed = _clock.Elapsed.TotalSeconds;
        lines.Add(Line(width, _title, fraction,
        [
            $"{done}/{_total} trials", Duration(elapsed), Eta(fraction, elapsed), $"{running.Length} running",
        ]));
        return lines;
    }

    /// <summary>Who, the bar toward the run's end, and what a newcomer looks at: return, loss, ε, speed, evaluation.</summary>
    internal static IReadOnlyList<string> SingleTrialLines(TrialProgress trial, int width)
    {
        var s = trial.Current;
        var elapsed = trial.Seconds;
        var fraction = trial.Fraction;
        var first = Line(width, Label(trial.Trial), fraction,
            [Position(trial, s), Duration(elapsed), trial.StopsEarly is null ? Eta(fraction, elapsed) : ""]);
        var second = Line(width, s.ReturnsInMean > 0 ? $"return {Number(s.MeanReturn, "0.0")} (mean of {s.ReturnsInMean})" : "return -",
            null, [$"loss {Number(s.Loss, "0.0000")}", $"ε {Number(s.Epsilon, "0.000")}", $"{s.StepsPerSecond:N0} steps/s"]);
        var evaluation = s.Evaluation is { } e
            ? $"eval {Number(e.Mean, "0.0")} ± {Number(e.Std, "0.0")} at episode {e.Episode:N0}"
            : trial.Config.Evaluation.EveryEpisodes > 0
                ? $"eval every {trial.Config.Evaluation.EveryEpisodes} episodes: none yet"
                : "eval at the end";
        var stop = trial.StopsEarly is { } caps ? $"early stop: {s.CapsInARow}/{caps} capped in a row" : "";
        return [first, second, Line(width, evaluation, null, [stop])];
    }

    /// <summary>One running trial of a sweep: who, the bar, the episode, the mean return, the latest evaluation.</summary>
    internal static string SweepTrialLine(TrialProgress trial, int width)
    {
        var s = trial.Current;
        return Line(width, Label(trial.Trial), trial.Fraction,
        [
            Position(trial, s),
            s.ReturnsInMean > 0 ? $"return {Number(s.MeanReturn, "0.0")}" : "",
            s.Evaluation is { } e ? $"eval {Number(e.Mean, "0.0")}" : "",
            $"ε {Number(s.Epsilon, "0.000")}",
            $"{s.StepsPerSecond:N0} steps/s",
        ]);
    }

    /// <summary>"episode 123/300" or "step 45,000/500,000": the budget that binds.</summary>
    private static string Position(TrialProgress trial, TrialProgress.Snapshot s) =>
        trial.CountsEpisodes
            ? $"episode {s.Episodes:N0}" + (trial.Config.Episodes is { } n ? $"/{n:N0}" : "")
            : $"step {s.EnvSteps:N0}/{trial.Config.TotalSteps:N0}";

    private static string Eta(double fraction, double elapsed) =>
        fraction is > 0.02 and < 1 ? $"eta {Duration(elapsed * (1 - fraction) / fraction)}" : "";

    private void Started(TrialProgress trial)
    {
        lock (_running) _running.Add(trial);
    }

    private void TrialEnded(TrialProgress? progress, TrialInfo trial, TrialOutcome outcome)
    {
        int done;
        lock (_running)
        {
            if (progress is not null) _running.Remove(progress);
            done = ++_done;
        }
        var evaluation = outcome.FinalEvaluation is { } e
            ? $"greedy mean {e.Mean.ToString("0.0", CultureInfo.InvariantCulture)} over {e.Episodes}"
            : outcome.Reason ?? "";
        var counter = _total > 1 ? $"[[{done}/{_total}]] " : "";
        var colour = outcome.Status is TrialStatus.Failed ? "red" : outcome.Status is TrialStatus.Interrupted ? "yellow" : "green";
        Write($"{counter}{Markup.Escape(Label(trial))}: [{colour}]{StatusWord(outcome.Status)}[/] after {outcome.Episodes} episode{(outcome.Episodes == 1 ? "" : "s")}, " +
              $"{outcome.EnvSteps:N0} steps, {outcome.WallSeconds:0.0} s — {Markup.Escape(evaluation)}");
    }

    private void Write(string markup)
    {
        if (_quiet) return;
        lock (_console) _console.MarkupLine(markup);
    }

    private static string StatusWord(TrialStatus status) => status switch
    {
        TrialStatus.Finished => "finished",
        TrialStatus.StoppedEarly => "stopped early",
        TrialStatus.Failed => "failed",
        _ => "interrupted",
    };

    private static string Label(TrialInfo trial) =>
        (trial.ConfigLabel.Length > 0 ? trial.ConfigLabel + " " : "") + $"seed={trial.Seed}";

    private sealed class TrialSink(ProgressBoard board, TrainConfig config) : ITrialSink
    {
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private TrialProgress? _progress;

        public void OnStarted(TrialInfo trial)
        {
            _progress = new TrialProgress(trial, config);
            board.Started(_progress);
        }

        public void OnEpisode(TrialInfo trial, EpisodeRecord e)
        {
            _progress?.Episode(e);
            if (board._terminal is not null || board._quiet || _progress is null || _sinceLine.Elapsed < PlainEvery) return;
            _sinceLine.Restart();
            var s = _progress.Current;
            board.Write(Markup.Escape(
                $"{Label(trial)} {Position(_progress, s)} ({Percent(_progress.Fraction).Trim()})  " +
                $"return {Number(s.MeanReturn, "0.0")} (mean of {s.ReturnsInMean})  loss {Number(s.Loss, "0.0000")}  " +
                $"ε {Number(s.Epsilon, "0.000")}  {s.StepsPerSecond:N0} steps/s"));
        }

        public void OnEvaluation(TrialInfo trial, EvaluationRecord e)
        {
            _progress?.Evaluation(e);
            if (!board._quiet && board._total == 1)
                board.Write(Markup.Escape($"{Label(trial)} eval after {e.Episode} episodes: greedy mean {Number(e.Mean, "0.0")} ± {Number(e.Std, "0.0")} over {e.Episodes}"));
        }

        public void OnFinished(TrialInfo trial, TrialOutcome outcome) => board.TrialEnded(_progress, trial, outcome);
    }
}
