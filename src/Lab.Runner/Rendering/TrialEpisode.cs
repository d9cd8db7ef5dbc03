using Lab.Agent;
using Lab.Core;
using Lab.Neural;
using Lab.Runner.Store;

namespace Lab.Runner.Rendering;

/// <summary>
/// A trial's final greedy episode as artifacts, as CleanRL records videos: episode.svg (animated) and
/// episode-q.svg (notebook 001's Q-per-frame plot). The episode starts where the final evaluation's first
/// episode starts (the "eval" stream of the trial seed) and is cut at <see cref="MaxFrames"/> steps, so a
/// sweep pays a few milliseconds per trial for it.
/// </summary>
internal static class TrialEpisode
{
    /// <summary>Steps drawn at most: four seconds of CartPole at its 50 frames per second.</summary>
    public const int MaxFrames = 200;

    public static void Write(TrainConfig config, QNetwork network, string trialDirectory)
    {
        var environment = Environments.Create(config.Env.Name, 0);
        var cap = Math.Min(config.Evaluation.MaxSteps ?? config.Env.MaxSteps, MaxFrames);
        var view = EnvironmentView.For(environment.Name);
        var traces = EpisodePlayer.Play(environment, network, config.Seed, 1, cap);
        TrialFiles.WriteEpisode(trialDirectory, SvgEpisode.Render(traces, view, view.Fps), QPlot.Render(traces, view));
    }
}
