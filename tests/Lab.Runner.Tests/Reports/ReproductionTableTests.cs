using Lab.Runner.Commands;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class ReproductionTableTests
{
    /// <summary>A seed of notebook 003's test: 10 greedy games at cap 200, <paramref name="won"/> of them reaching it.</summary>
    private static TrialSpec Games(int replicate, int won, int episodes = 10) => new("", replicate)
    {
        Env = "CartPole-v0",
        Experiment = "repro-003",
        Returns = [.. Enumerable.Repeat(200.0, 120)],
        FinalMean = 200 - 10 * (10 - won),
        FinalCapShare = won / 10.0,
        EvalEpisodes = episodes,
        EvalCap = 200,
    };

    private static string Run(TempResults root)
    {
        var output = new StringWriter();
        Assert.Equal(0, ReportCommand.Run(root.Root, Lab.Runner.Progress.PlainConsole.Create(output, 200), 100));
        return output.ToString();
    }

    [Fact]
    public void The_share_of_seeds_meeting_a_claim_comes_with_its_exact_interval_and_the_values_per_seed()
    {
        // Given notebook 003's sweep: seeds that won 10, 10 and 7 of their 10 test games
        using var root = new TempResults();
        using var sweep = root.Experiment("repro-003").Sweep("repro-003", "10/10?");
        sweep.Add(Games(0, 10), Games(1, 10), Games(2, 7));

        var printed = Run(root);

        // Then 2 of 3 meet "10/10 games won", with the Clopper–Pearson interval of 2 in 3 (9%–99%)
        var md = File.ReadAllText(root.PathOf("REPRODUCTIONS.md"));
        Assert.Contains("| notebook 003 (Keras 100-100, SGD) | “Test results: 10/10 games won.”", md);
        Assert.Contains("| 2/3 | 67% [9–99%] |", md);
        Assert.Contains("- **Per seed** (by replicate): 10, 10, 7.", md);
        Assert.Contains("median 10.0", md);
        Assert.Contains("notebook 003 (Keras 100-100, SGD): 2/3 seeds meet the claim [9–99%]", printed);
        // and the claims whose sweeps did not run say so
        Assert.Contains("no results of the sweep `repro-000-dqn2` were found", md);
    }

    [Fact]
    public void Seeds_evaluated_under_another_protocol_are_left_out_of_the_claim()
    {
        using var root = new TempResults();
        using var sweep = root.Experiment("repro-003").Sweep("repro-003", null);
        sweep.Add(Games(0, 10), Games(1, 10, episodes: 100));

        var row = ReproductionTable.Rows([ResultsReader.Read(sweep.Root)]).First(r => r.Claim.Experiment == "repro-003");

        Assert.Single(row.Measured);
        Assert.Equal(1, row.Met);
        Assert.Contains("1 trial failed, unfinished or evaluated otherwise, left out", ReproductionTable.ToMarkdown([row], "runner report x"));
    }

    [Fact]
    public void A_seed_that_solved_during_training_and_ended_below_the_bar_is_counted_as_a_late_collapse()
    {
        using var root = new TempResults();
        using var sweep = root.Experiment("repro-003").Sweep("repro-003", null);
        sweep.Add(Games(0, 3) with { Evaluations = [(60, 200)] }, Games(1, 10));

        var md = ReproductionTable.ToMarkdown(ReproductionTable.Rows([ResultsReader.Read(sweep.Root)]), "runner report x");

        Assert.Contains("- **Late collapses:** 1 of 2 seeds", md);
    }

    [Fact]
    public void A_claim_with_a_target_share_says_whether_the_seeds_met_it()
    {
        // DqnLab's own preset must solve CartPole-v1 (greedy mean >= 475 over 100 episodes at cap 500) in 18 of 20 seeds
        using var root = new TempResults();
        using var sweep = root.Experiment("repro-v1-50k").Sweep("repro-v1-50k", null);
        for (var r = 0; r < 20; r++)
            sweep.Add(new TrialSpec("", r) { Experiment = "repro-v1-50k", Returns = [.. Enumerable.Repeat(500.0, 20)], FinalMean = r < 17 ? 500 : 300, EvalEpisodes = 100 });

        var md = ReproductionTable.ToMarkdown(ReproductionTable.Rows([ResultsReader.Read(sweep.Root)]), "runner report x");

        Assert.Contains("17/20 = 85% [62–97%] (the bar: 18 of 20; not met)", md);
    }

    [Fact]
    public void Every_claim_has_a_reproduction_grid_of_twenty_seeds_that_loads()
    {
        var grids = Directory.GetFiles(Support.RepoPaths.Of("experiments", "reproduce"), "*.yaml")
            .Select(f => Lab.Runner.Config.GridLoader.Load(f)).ToDictionary(g => g.Name);

        foreach (var claim in ReproductionClaims.All)
        {
            Assert.True(grids.TryGetValue(claim.Experiment, out var grid), $"no grid named {claim.Experiment} in experiments/reproduce");
            Assert.Equal(20, grid!.Trials.Count);
            Assert.Contains("?", grid.Question);
            // the final evaluation runs under the claim's protocol
            Assert.All(grid.Trials, t =>
            {
                if (claim.Episodes is int episodes) Assert.Equal(episodes, t.Config.Evaluation.FinalEpisodes ?? t.Config.Evaluation.Episodes);
                if (claim.Cap is int cap) Assert.Equal(cap, t.Config.Evaluation.MaxSteps ?? t.Config.Env.MaxSteps);
            });
        }
        Assert.Equal(grids.Keys.Order(), ReproductionClaims.All.Select(c => c.Experiment).Distinct().Order());
    }

    [Fact]
    public void The_best_checkpoint_claim_holds_each_seed_to_its_best_checkpoint_not_its_final_network()
    {
        // 19 seeds whose best checkpoints score 500 over 100 episodes, one at 400; every final network at 300
        using var root = new TempResults();
        using var sweep = root.Experiment("repro-v1-50k-best").Sweep("repro-v1-50k-best", null);
        for (var r = 0; r < 20; r++)
            sweep.Add(new TrialSpec("", r)
            {
                Experiment = "repro-v1-50k-best", Returns = [.. Enumerable.Repeat(500.0, 20)], FinalMean = 300, BestMean = r < 19 ? 500 : 400,
                EvalEpisodes = 100,
            });

        var md = ReproductionTable.ToMarkdown(ReproductionTable.Rows([ResultsReader.Read(sweep.Root)]), "runner report x");

        // Clopper–Pearson for 19 of 20: [75.1%, 99.9%]
        Assert.Contains("19/20 = 95% [75–100%] (the bar: 18 of 20; met)", md);
    }
}
