using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Execution;
using Lab.Runner.Rendering;
using Lab.Runner.Store;

namespace Lab.Runner.Commands;

/// <summary>
/// `runner render MODEL --out episode.gif|episode.svg`: the greedy agent's episodes as an animation for
/// slides and READMEs (the starts of `runner eval` with the same seed), and notebook 001's plot of the
/// predicted Q of every action per frame beside it (episode-q.svg).
/// </summary>
internal static class RenderCommand
{
    public static int Run(RenderArgs args)
    {
        if (!EpisodeArt.Writes(args.Out))
        {
            Console.Error.WriteLine($"render: --out must name a .gif or an .svg file, got '{args.Out}'");
            return ExitCodes.BadInput;
        }
        if (TrainedModel.Open(args.Model, out var error) is not { } model)
        {
            Console.Error.WriteLine(error);
            return ExitCodes.BadInput;
        }
        var environment = Environments.Create(model.Env.Name, 0);
        var view = EnvironmentView.For(environment.Name);
        using var stop = new StopSignals();
        IReadOnlyList<EpisodeTrace> traces;
        try
        {
            traces = EpisodePlayer.Play(environment, model.Network, args.Seed ?? model.Seed, args.Episodes ?? 1, environment.MaxSteps,
                cancel: stop.Token);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(args.Out))!;
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllBytes(args.Out, EpisodeArt.Animation(args.Out, traces, view, args.Fps ?? view.Fps));
        var plot = EpisodeArt.QPlotPath(args.Out);
        AtomicFile.WriteAllText(plot, QPlot.Render(traces, view));
        foreach (var t in traces)
            Console.Out.WriteLine($"Episode {t.Episode + 1}: {t.Steps} steps, return {Caption.Number(t.Return)} ({t.Ending}).");
        Console.Out.WriteLine($"Wrote {args.Out} ({traces.Sum(t => t.Frames.Count)} frames) and {plot}.");
        return ExitCodes.Ok;
    }
}
