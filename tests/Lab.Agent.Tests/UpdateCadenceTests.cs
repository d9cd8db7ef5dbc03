using Lab.Neural;
namespace Lab.Agent.Tests;

/// <summary>
/// When update rounds happen (train_every, learning_starts, batch_size, memory), how many gradient steps a
/// round takes (gradient_steps), and what the td_loss column averages. The expected counts are worked
/// out from the env-step column alone: a round may run once the env steps reach learning_starts and the
/// replay (which holds min(steps, memory) transitions) holds a batch.
/// </summary>
public sealed class UpdateCadenceTests
{
    /// <summary>Rounds by the end of each episode, counted by hand from the records' env steps.</summary>
    private static long[] ExpectedRounds(IReadOnlyList<EpisodeRecord> records, int trainEvery, int learningStarts,
        int batch, int memory)
    {
        bool CanLearn(long s) => s >= learningStarts && Math.Min(s, memory) >= batch;
        var expected = new long[records.Count];
        long rounds = 0, step = 0;
        for (var k = 0; k < records.Count; k++)
        {
            if (trainEvery > 0)
            {
                for (; step < records[k].EnvSteps;)
                {
                    step++;
                    if (step % trainEvery == 0 && CanLearn(step)) rounds++;
                }
            }
            else if (CanLearn(records[k].EnvSteps))
            {
                rounds++;
            }

            expected[k] = rounds;
        }

        return expected;
    }

    [Theory]
    [InlineData(1, 50, 16, 2_000)]   // every step from step 50
    [InlineData(3, 20, 16, 2_000)]   // every third step
    [InlineData(0, 16, 16, 2_000)]   // train_every 0: one round at the end of each episode
    [InlineData(0, 100, 16, 2_000)]  // ... once learning has started
    [InlineData(1, 10, 32, 2_000)]   // batch 32 > learning_starts 10: the first round waits for 32 transitions
    [InlineData(2, 0, 24, 2_000)]    // learning_starts 0
    [InlineData(1, 0, 24, 20)]       // memory 20 < batch 24: the replay never holds a batch, no round ever
    public void The_updates_column_counts_the_rounds_train_every_learning_starts_batch_and_memory_allow(
        int trainEvery, int learningStarts, int batch, int memory)
    {
        var config = Configs.Tiny() with
        {
            TrainEvery = trainEvery, LearningStarts = learningStarts, BatchSize = batch, Memory = memory, Episodes = 15,
        };
        var records = TrialRun.Of(config).Episodes;

        var expected = ExpectedRounds(records, trainEvery, learningStarts, batch, memory);
        Assert.Equal(expected, records.Select(r => r.Updates).ToArray());
        if (memory >= batch) Assert.True(expected[^1] > 0, "the run is long enough to update");
        else Assert.Equal(0, expected[^1]);
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(0, 40)]
    [InlineData(1, 200)]
    public void No_td_loss_before_learning_starts_and_a_loss_in_every_episode_with_a_round(int trainEvery, int learningStarts)
    {
        var config = Configs.Tiny() with { TrainEvery = trainEvery, LearningStarts = learningStarts, Episodes = 15 };
        var records = TrialRun.Of(config).Episodes;

        long before = 0;
        foreach (var r in records)
        {
            if (r.EnvSteps < learningStarts) Assert.Equal(0, r.Updates);
            Assert.Equal(r.Updates == before, double.IsNaN(r.TdLoss));
            before = r.Updates;
        }

        Assert.Contains(records, r => double.IsNaN(r.TdLoss));
        Assert.Contains(records, r => !double.IsNaN(r.TdLoss));
    }

    [Fact]
    public void The_first_gradient_step_comes_at_env_step_learning_starts()
    {
        long stored = 0, firstStep = -1;
        var probe = new TrainerProbe
        {
            Stored = (_, _, _, _) => stored++,
            TrainStepping = (_, _, _, _, _, _, _) => { if (firstStep < 0) firstStep = stored; },
        };
        TrialRun.Of(Configs.Tiny() with { LearningStarts = 77, BatchSize = 16 }, probe);
        Assert.Equal(77, firstStep);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(0, 4)]
    [InlineData(2, 2)]
    public void Each_round_takes_gradient_steps_optimizer_steps_and_td_loss_is_their_mean_loss(int trainEvery, int gradientSteps)
    {
        var losses = new List<float>();
        var perEpisode = new List<double>();
        var counts = new List<int>();
        var sink = new TrialRun.RecordingSink
        {
            OnEpisodeRecorded = _ =>
            {
                perEpisode.Add(losses.Count > 0 ? losses.Select(l => (double)l).Average() : double.NaN);
                counts.Add(losses.Count);
                losses.Clear();
            },
        };
        var probe = new TrainerProbe { TrainStepped = losses.Add };
        var config = Configs.Tiny() with { TrainEvery = trainEvery, GradientSteps = gradientSteps, LearningStarts = 32 };
        var run = TrialRun.Of(config, probe, sink);

        var last = run.Episodes[^1];
        Assert.True(last.Updates > 0);
        Assert.Equal(last.Updates * gradientSteps, run.Result.Network.Steps);
        long before = 0;
        for (var k = 0; k < run.Episodes.Count; k++)
        {
            var r = run.Episodes[k];
            Assert.Equal((r.Updates - before) * gradientSteps, counts[k]);
            if (double.IsNaN(perEpisode[k])) Assert.True(double.IsNaN(r.TdLoss));
            else Assert.Equal(perEpisode[k], r.TdLoss, 1e-9);
            before = r.Updates;
        }
    }

    [Fact]
    public void Taken_q_is_the_mean_over_the_episodes_gradient_steps_of_the_batch_mean_q_of_the_taken_actions()
    {
        // Worked out independently of the update: the online network's Q of each batch, read before its TrainStep.
        QNetwork? online = null;
        var batchMeans = new List<double>();
        var perEpisode = new List<double>();
        var sink = new TrialRun.RecordingSink
        {
            OnEpisodeRecorded = _ =>
            {
                perEpisode.Add(batchMeans.Count > 0 ? batchMeans.Average() : double.NaN);
                batchMeans.Clear();
            },
        };
        var probe = new TrainerProbe
        {
            Built = (net, _, _) => online = net,
            TrainStepping = (_, states, actions, _, _, _, _) =>
            {
                var q = new float[actions.Length * online!.Shape.Outputs];
                online.Predict(states, actions.Length, q);
                batchMeans.Add(actions.Select((a, i) => (double)q[i * online.Shape.Outputs + a]).Average());
            },
        };
        var config = Configs.Tiny() with { TrainEvery = 2, GradientSteps = 2, LearningStarts = 32 };
        var run = TrialRun.Of(config, probe, sink);

        Assert.Contains(run.Episodes, r => r.Updates > 0);
        for (var k = 0; k < run.Episodes.Count; k++)
        {
            if (double.IsNaN(perEpisode[k])) Assert.True(double.IsNaN(run.Episodes[k].TakenQ));
            else Assert.Equal(perEpisode[k], run.Episodes[k].TakenQ, 1e-5);
        }
        // the statistic is its own figure, not the acting steps' mean max Q under another name
        Assert.Contains(run.Episodes, r => r.Updates > 0 && Math.Abs(r.TakenQ - r.MeanMaxQ) > 1e-6);
    }

    [Fact]
    public void A_gradient_step_trains_on_batch_size_transitions_drawn_from_what_the_replay_holds()
    {
        var config = Configs.Tiny() with { BatchSize = 24, LearningStarts = 30, Memory = 50 };
        ReplayBuffer? replay = null;
        long stored = 0, steps = 0;
        var probe = new TrainerProbe
        {
            Built = (_, _, r) => replay = r,
            Stored = (_, _, _, _) => stored++,
            TrainStepping = (indices, states, actions, rewards, next, terminal, targets) =>
            {
                steps++;
                Assert.Equal(24, indices.Length);
                Assert.Equal(24 * 4, states.Length);
                Assert.Equal(24, targets.Length);
                Assert.All(indices, i => Assert.InRange(i, 0, Math.Min(stored, 50) - 1));
            },
        };
        var run = TrialRun.Of(config, probe);

        Assert.True(steps > 0);
        Assert.Equal(50, replay!.Capacity);
        Assert.Equal(Math.Min(50, run.Result.EnvSteps), replay.Count);
        Assert.True(run.Result.EnvSteps > 50, "the run outgrows the memory");
    }
}
