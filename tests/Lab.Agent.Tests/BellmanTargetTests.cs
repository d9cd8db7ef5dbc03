using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// What the trainer trains towards: the targets of each gradient step recomputed from the batch and
/// the two networks' predictions (vanilla or double DQN, γ), and which transitions are stored as
/// terminal (timeouts_as_terminal) with which reward (failure_reward).
/// </summary>
public sealed class BellmanTargetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_step_trains_towards_r_plus_gamma_times_the_vanilla_or_double_DQN_next_value(bool doubleDqn)
    {
        const float gamma = 0.9f;
        QNetwork? online = null;
        QNetwork? target = null;
        var steps = 0;
        var disagreements = 0; // samples whose double and vanilla targets differ: what makes the test tell them apart
        var terminalSamples = 0;
        var probe = new TrainerProbe
        {
            Built = (o, t, _) => (online, target) = (o, t),
            TrainStepping = (_, _, _, rewards, next, terminal, targets) =>
            {
                steps++;
                var batch = rewards.Length;
                var qOnline = new float[batch * 2];
                var qTarget = new float[batch * 2];
                online!.Predict(next, batch, qOnline);
                target!.Predict(next, batch, qTarget);
                for (var i = 0; i < batch; i++)
                {
                    double vanilla, dbl;
                    if (terminal[i])
                    {
                        vanilla = dbl = rewards[i];
                        terminalSamples++;
                        Assert.Equal(rewards[i], targets[i]);
                    }
                    else
                    {
                        var (o0, o1) = (qOnline[2 * i], qOnline[2 * i + 1]);
                        var (t0, t1) = (qTarget[2 * i], qTarget[2 * i + 1]);
                        vanilla = rewards[i] + (double)gamma * Math.Max(t0, t1);
                        dbl = rewards[i] + (double)gamma * (o1 > o0 ? t1 : t0);
                    }

                    var expected = doubleDqn ? dbl : vanilla;
                    Assert.True(Math.Abs(targets[i] - expected) <= 1e-6 * (1 + Math.Abs(expected)),
                        $"sample {i}: target {targets[i]}, expected {expected} (vanilla {vanilla}, double {dbl})");
                    if (Math.Abs(dbl - vanilla) > 1e-3) disagreements++;
                }
            },
        };
        // Target synced every 100 steps, so online and target drift apart in between.
        var config = Configs.WithOptimizer(Configs.TargetEverySteps(Configs.Tiny(), 100),
            new OptimizerSettings(OptimizerKind.Adam, 0.01)) with { DoubleDqn = doubleDqn, Gamma = gamma, Episodes = 20 };
        TrialRun.Of(config, probe);

        Assert.True(steps > 100);
        Assert.True(terminalSamples > 0);
        Assert.True(disagreements > 0, "no sample where double and vanilla DQN differ: the test could not tell them apart");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_capped_transition_is_stored_as_terminal_exactly_when_timeouts_as_terminal(bool timeoutsAsTerminal)
    {
        var capped = 0;
        var terminated = 0;
        var probe = new TrainerProbe
        {
            Stored = (_, terminal, isTerminated, isTruncated) =>
            {
                if (isTruncated && !isTerminated)
                {
                    capped++;
                    Assert.Equal(timeoutsAsTerminal, terminal);
                }
                else
                {
                    if (isTerminated) terminated++;
                    Assert.Equal(isTerminated, terminal);
                }
            },
        };
        var config = Configs.Tiny() with { MaxSteps = 12, TimeoutsAsTerminal = timeoutsAsTerminal, Episodes = 20 };
        var run = TrialRun.Of(config, probe);

        Assert.True(capped > 0 && terminated > 0, $"{capped} capped and {terminated} terminated transitions");
        Assert.Equal(capped, run.Episodes.Count(r => !r.Terminated));
    }

    [Fact]
    public void With_timeouts_as_terminal_a_capped_transition_trains_towards_its_reward_alone()
    {
        var cappedTargets = 0;
        var probe = new TrainerProbe
        {
            TrainStepping = (_, _, _, rewards, _, terminal, targets) =>
            {
                for (var i = 0; i < rewards.Length; i++)
                    if (terminal[i])
                    {
                        Assert.Equal(rewards[i], targets[i]);
                        if (rewards[i] == 1f) cappedTargets++; // terminated ones carry the failure reward, -5
                    }
            },
        };
        var config = Configs.Tiny() with { MaxSteps = 12, TimeoutsAsTerminal = true, FailureReward = -5, Episodes = 20 };
        TrialRun.Of(config, probe);
        Assert.True(cappedTargets > 0);
    }

    [Theory]
    [InlineData(-100.0)]
    [InlineData(0.0)]
    [InlineData(null)]
    public void The_failure_reward_replaces_the_reward_of_a_terminating_step_and_only_that(double? failureReward)
    {
        var stored = new List<(float Reward, bool Terminated)>();
        var probe = new TrainerProbe { Stored = (reward, _, isTerminated, _) => stored.Add((reward, isTerminated)) };
        var config = Configs.Tiny() with { MaxSteps = 20, FailureReward = failureReward, Episodes = 20 };
        var run = TrialRun.Of(config, probe);

        Assert.All(stored, t => Assert.Equal(t.Terminated && failureReward is { } f ? (float)f : 1f, t.Reward));
        // CartPole pays 1 per step, so shaped_return − return = failure_reward − 1 on a terminated episode.
        foreach (var r in run.Episodes)
        {
            Assert.Equal(r.Length, r.Return);
            var shift = r.Terminated && failureReward is { } f ? f - 1 : 0;
            Assert.Equal(r.Return + shift, r.ShapedReturn);
        }

        Assert.Contains(run.Episodes, r => r.Terminated);
        Assert.Contains(run.Episodes, r => !r.Terminated);
    }
}
