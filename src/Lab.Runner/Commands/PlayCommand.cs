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
        var frameTime = args.Fps is { } fps ? TimeSpan.FromSeconds(1.0 / fps) : live ? TimeSpan.FromSeconds(1.0 / view.Fps) : TimeSpan.Zero;
        // The person has all the time in the world unless --fps asks for a pace.
        TimeSpan? personLimit = args.Fps.HasValue ? frameTime : null;
        var keyboard = !Console.IsInputRedirected;

        using var keys = !args.Assist ? null
            : args.Input is not null ? new ScriptedKeys(File.OpenText(args.Input), args.Input)
            : keyboard ? new KeyboardKeys()
            : (IKeySource)new ScriptedKeys(Console.In, "stdin");
        var screen = new PlayScreen(Console.Out, view, environment.Name, episodes, live, colour, args.Assist);
        using var stop = new StopSignals();
        var threshold = double.NaN;

        Choice Choose(EpisodeFrame frame)
        {
            if (frame.Step == 0) threshold = Teacher.Threshold(frame.MaxQ, margin);
            if (live && keyboard && KeyboardKeys.Pending() == PersonKey.Quit) return Choice.StopHere;
            if (keys is null || !Teacher.InTrouble(threshold, frame.MaxQ)) return Choice.Agent(frame.Greedy);
            screen.Show(frame, threshold, screen.Prompt(frame, threshold));
            while (true)
            {
                var key = keys.Next(personLimit, stop.Token);
                if (key is null)
                {
                    if (!keys.Ended) return Choice.Agent(frame.Greedy); // out of time: the agent's choice stands
                    Console.Error.WriteLine($"The input ended at step {frame.Step} of episode {frame.Episode + 1}; stopping there.");
                    return Choice.StopHere;
                }
                if (key == PersonKey.Quit) return Choice.StopHere;
                if (view.ActionOf(key.Value) is { } action) return Choice.Person(action);
            }
        }

        void Show(EpisodeFrame frame)
        {
            screen.Show(frame, threshold, null);
            if (frameTime > TimeSpan.Zero) Thread.Sleep(frameTime);
        }

        IReadOnlyList<EpisodeTrace> traces = [];
        screen.Begin();
        try
        {
            traces = EpisodePlayer.Play(environment, model.Network, args.Seed ?? model.Seed, episodes, environment.MaxSteps, Choose, Show,
                stop.Token);
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
