using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Execution;
using Lab.Runner.Playing;
using Lab.Runner.Rendering;

namespace Lab.Runner.Commands;

/// <summary>
/// `runner play MODEL`: the agent plays, drawn live in the terminal (rl-zoo's `enjoy`). With --assist,
/// notebook 001's team-up: the threshold is the initial state's max Q minus the margin; while max Q
/// stays above it the agent acts, otherwise the person chooses (keyboard, or --input / a pipe for a
/// script). Afterwards it reports each episode's return and how many steps the person took.
/// </summary>
internal static class PlayCommand
{
    public const double DefaultMargin = 0.2;

    public static int Run(PlayArgs args)
    {
        if (TrainedModel.Open(args.Model, out var error) is not { } model)
        {
            Console.Error.WriteLine(error);
            return ExitCodes.BadInput;
        }
        // a named pipe would wait for a writer and a device never end: keys from a pipe come through stdin
        if (args.Input is not null && RegularFiles.Problem(args.Input) is { } kind)
        {
            Console.Error.WriteLine($"{args.Input}: {kind}; give a file of keys, or pipe the keys into stdin");
            return ExitCodes.BadInput;
        }
        if (args.Input is not null && !File.Exists(args.Input))
        {
            Console.Error.WriteLine($"{args.Input}: no such input file");
            return ExitCodes.BadInput;
        }
        var environment = Environments.Create(model.Env.Name, 0);
        var view = EnvironmentView.For(environment.Name);
        var episodes = args.Episodes ?? 1;
        var margin = args.Margin ?? DefaultMargin;
        var live = !Console.IsOutputRedirected;
        var colour = live && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        var keyboard = !Console.IsInputRedirected;

        using var keys = !args.Assist ? null
            : args.Input is not null ? new ScriptedKeys(File.OpenText(args.Input), args.Input)
            : keyboard ? new KeyboardKeys()
            : (IKeySource)new ScriptedKeys(Console.In, "stdin");
        var screen = new PlayScreen(Console.Out, view, environment.Name, episodes, live, colour, args.Assist);
        using var stop = new StopSignals();
        var session = new PlaySession(screen, view, keys, margin, Pace(args, live, view), Thread.Sleep,
            () => live && keyboard ? KeyboardKeys.Pending() : null, Console.Error, stop.Token);

        IReadOnlyList<EpisodeTrace> traces = [];
        screen.Begin();
        try
        {
            traces = EpisodePlayer.Play(environment, model.Network, args.Seed ?? model.Seed, episodes, environment.MaxSteps, session.Choose,
                session.Show, stop.Token);
        }
        catch (OperationCanceledException)
        {
            screen.End();
            return ExitCodes.Interrupted;
        }
        screen.End();
        Report(traces, args.Assist, margin);
        return ExitCodes.Ok;
    }

    /// <summary>The pace the arguments ask for (--fps), on a terminal when <paramref name="live"/>.</summary>
    internal static PlayPace Pace(PlayArgs args, bool live, EnvironmentView view) => PlayPace.For(args.Fps.HasValue ? args.Fps.Value : null, live, view.Fps);

    private static void Report(IReadOnlyList<EpisodeTrace> traces, bool assist, double margin)
    {
        foreach (var t in traces)
        {
            var line = $"Episode {t.Episode + 1}: {t.Steps} steps, return {Caption.Number(t.Return)} ({t.Ending}).";
            if (assist && t.Frames.Count > 0)
            {
                var initial = t.Frames[0].MaxQ;
                line += $" You chose {t.PersonSteps} of the {t.Steps} steps, the agent {t.Steps - t.PersonSteps}; threshold " +
                        $"{PlayScreen.Q(Teacher.Threshold(initial, margin))} (initial max Q {PlayScreen.Q(initial)} - margin {PlayScreen.Q(margin)}).";
            }
            Console.Out.WriteLine(line);
        }
        if (traces.Count > 1)
            Console.Out.WriteLine($"Mean return over {traces.Count} episodes: {Caption.Number(traces.Average(t => t.Return))}" +
                                  (assist ? $"; you chose {traces.Sum(t => t.PersonSteps)} of {traces.Sum(t => t.Steps)} steps." : "."));
    }
}
