using System.Diagnostics;
using System.Globalization;
using Lab.Agent;
using Lab.Runner.Execution;
using Spectre.Console;

namespace Lab.Runner.Progress;

/// <summary>
/// Progress of one or many trials: on a terminal, a live bar per running trial and an overall bar with
/// ETA; otherwise (CI, logs, pipes) plain lines at a steady pace. It is a sink of training events like
/// any other, and is safe to use from several worker threads.
/// </summary>
internal sealed class ProgressBoard
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);
    private readonly IAnsiConsole _console;
    private readonly ProgressContext? _live;
    private readonly ProgressTask? _overall;
    private readonly int _total;
    private readonly bool _quiet;
    private int _done;

    private ProgressBoard(IAnsiConsole console, ProgressContext? live, string title, int total, bool quiet)
    {
        _console = console;
        _live = live;
        _total = total;
        _quiet = quiet;
        if (live is not null && total > 1) _overall = live.AddTask(Markup.Escape(title), maxValue: total);
    }

    /// <summary>True when the console is an interactive terminal that can redraw lines.</summary>
    public static bool IsLiveTerminal(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    public static T Run<T>(IAnsiConsole console, string title, int total, bool quiet, Func<ProgressBoard, T> body)
    {
        if (quiet || !IsLiveTerminal(console)) return body(new ProgressBoard(console, null, title, total, quiet));
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => body(new ProgressBoard(console, context, title, total, quiet)));
    }

    public ITrialSink SinkFor(TrainConfig config) => new TrialSink(this, config);

    private void TrialEnded(TrialInfo trial, TrialOutcome outcome)
    {
        var done = Interlocked.Increment(ref _done);
        _overall?.Increment(1);
        var evaluation = outcome.FinalEvaluation is { } e
            ? $"greedy mean {e.Mean.ToString("0.0", CultureInfo.InvariantCulture)} over {e.Episodes}"
            : outcome.Reason ?? "";
        var counter = _total > 1 ? $"[[{done}/{_total}]] " : "";
        var colour = outcome.Status is TrialStatus.Failed ? "red" : outcome.Status is TrialStatus.Interrupted ? "yellow" : "green";
        Write($"{counter}{Label(trial)}: [{colour}]{StatusWord(outcome.Status)}[/] after {outcome.Episodes} episode{(outcome.Episodes == 1 ? "" : "s")}, " +
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
        Markup.Escape((trial.ConfigLabel.Length > 0 ? trial.ConfigLabel + " " : "") + $"seed={trial.Seed}");

    private sealed class TrialSink(ProgressBoard board, TrainConfig config) : ITrialSink
    {
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private ProgressTask? _task;
        private long _lastRedraw;

        public void OnStarted(TrialInfo trial)
        {
            if (board._live is null) return;
            _task = board._live.AddTask(Label(trial), maxValue: config.TotalSteps ?? config.Episodes ?? 1);
        }

        public void OnEpisode(TrialInfo trial, EpisodeRecord e)
        {
            var text = $"{Label(trial)} ep {e.Episode + 1} return {e.Return:0} ε {e.Epsilon:0.0000} " +
                       $"{e.StepsPerSecond:N0} steps/s";
            if (_task is not null)
            {
                // Measured in steps when there is a step budget: with both limits set, it is the one that binds.
                _task.Value = config.TotalSteps is not null ? e.EnvSteps : e.Episode + 1;
                var now = Environment.TickCount64;
                if (now - _lastRedraw < 100) return;
                _lastRedraw = now;
                _task.Description = text;
            }
            else if (_sinceLine.Elapsed >= PlainEvery)
            {
                _sinceLine.Restart();
                board.Write(text);
            }
        }

        public void OnEvaluation(TrialInfo trial, EvaluationRecord e)
        {
            if (_task is null && !board._quiet && board._total == 1)
                board.Write($"{Label(trial)} eval after {e.Episode} episodes: mean {e.Mean:0.0} ± {e.Std:0.0}");
        }

        public void OnFinished(TrialInfo trial, TrialOutcome outcome)
        {
            _task?.StopTask();
            board.TrialEnded(trial, outcome);
        }
    }
}
