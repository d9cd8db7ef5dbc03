using System.Xml.Linq;
using Lab.Agent;
using Lab.Core;
using Lab.Neural;
using Lab.Runner.Execution;
using Lab.Runner.Rendering;
using Lab.Runner.Store;
using Lab.Runner.Tests.Execution;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Rendering;

/// <summary>Every finished trial's folder holds its final greedy episode, animated, and that episode's Q plot.</summary>
public sealed class TrialEpisodeTests
{
    [Fact]
    public void A_finished_trial_holds_its_final_greedy_episode_from_the_first_evaluation_start_cut_at_200_frames()
    {
        using var temp = new TempDirectory();
        var config = TrainerTests.Tiny with { Evaluation = new EvaluationConfig { EveryEpisodes = 0, Episodes = 5 } };
        var outcome = TrialRunner.Run(config, new TrialInfo("t", "tiny", "", 0, config.Seed, new Dictionary<string, string>()), temp.Path,
            [], CancellationToken.None).Outcome;

        Assert.Equal(TrialStatus.Finished, outcome.Status);
        // The first episode of the final evaluation, by the evaluator itself: CartPole's return is its length.
        var network = QNetwork.Load(TrialFiles.ModelPath(temp.Path), 1);
        var first = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), network, 1, TrialEpisode.MaxFrames, config.Seed);
        var steps = (int)first.Min;

        XNamespace ns = "http://www.w3.org/2000/svg";
        var animation = XDocument.Load(Path.Combine(temp.Path, TrialFiles.EpisodeFile));
        Assert.Equal(steps + 1, animation.Descendants(ns + "g").Count(g => (string?)g.Attribute("class") == "frame"));
        var plot = XDocument.Load(Path.Combine(temp.Path, TrialFiles.EpisodeQPlotFile));
        Assert.Equal(2, plot.Descendants(ns + "path").Count(p => (string?)p.Attribute("class") == "q"));
        Assert.Contains(TrialFiles.EpisodeFile, TrialFiles.FinishedArtifacts);
        Assert.Contains(TrialFiles.EpisodeQPlotFile, TrialFiles.FinishedArtifacts);
    }

    [Fact]
    public void A_trial_episode_longer_than_the_frame_cap_is_cut_there()
    {
        using var temp = new TempDirectory();
        // A network with the CartPole teacher's rule balances far beyond 200 steps (CartPole-v1 caps at 500).
        var network = QNetwork.Load(HandModels.Balancing(temp.Path), 1);

        TrialEpisode.Write(new TrainConfig(), network, temp.Path);

        XNamespace ns = "http://www.w3.org/2000/svg";
        var frames = XDocument.Load(Path.Combine(temp.Path, TrialFiles.EpisodeFile)).Descendants(ns + "g")
            .Count(g => (string?)g.Attribute("class") == "frame");
        Assert.Equal(TrialEpisode.MaxFrames + 1, frames);
    }
}
