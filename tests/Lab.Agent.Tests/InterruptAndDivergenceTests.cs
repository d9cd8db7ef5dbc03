using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// The two ways a trial ends before its length: Ctrl+C (the cancellation token) and a diverging TD loss.
/// Both keep the episodes recorded so far and stop without another env step.
/// </summary>
public sealed class InterruptAndDivergenceTests
{
    private const string CtrlC = "interrupted (Ctrl+C, SIGTERM or SIGHUP)";

    [Fact]
    public void An_already_cancelled_token_interrupts_before_the_first_env_step()
    {
        var run = TrialRun.Of(Configs.Tiny(), cancel: new CancellationToken(canceled: true));

        Assert.Equal((TrialStatus.Interrupted, CtrlC, 0, 0L), (run.Result.Status, run.Result.Reason, run.Result.Episodes, run.Result.EnvSteps));
        Assert.Empty(run.Episodes);
        Assert.Empty(run.Evaluations);
        Assert.Null(run.Result.FinalEvaluation);
        Assert.Equal(1, run.Started);
    }

    [Fact]
    public void Ctrl_C_during_training_keeps_the_episodes_recorded_and_takes_no_further_env_step()
    {
        using var ctrlC = new CancellationTokenSource();
        var sink = new TrialRun.RecordingSink { OnEpisodeRecorded = r => { if (r.Episode == 2) ctrlC.Cancel(); } };
        var run = TrialRun.Of(Configs.Tiny(), sink: sink, cancel: ctrlC.Token);

        Assert.Equal((TrialStatus.Interrupted, CtrlC, 3), (run.Result.Status, run.Result.Reason, run.Result.Episodes));
        Assert.Equal(3, run.Episodes.Count);
        Assert.Equal(run.Episodes[2].EnvSteps, run.Result.EnvSteps);
        Assert.Null(run.Result.FinalEvaluation);
    }

    [Fact]
    public void Ctrl_C_after_the_last_episode_interrupts_the_final_evaluation()
    {
        using var ctrlC = new CancellationTokenSource();
        var sink = new TrialRun.RecordingSink { OnEpisodeRecorded = r => { if (r.Episode == 4) ctrlC.Cancel(); } };
        var run = TrialRun.Of(Configs.Tiny() with { Episodes = 5 }, sink: sink, cancel: ctrlC.Token);

        Assert.Equal((TrialStatus.Interrupted, CtrlC, 5), (run.Result.Status, run.Result.Reason, run.Result.Episodes));
        Assert.Empty(run.Evaluations);
        Assert.Null(run.Result.FinalEvaluation);
    }

    /// <summary>Plain SGD at a learning rate of 10⁴: the weights blow up within a few steps.</summary>
    private static TrainConfig Diverging(TrainConfig config) =>
        Configs.WithOptimizer(config, new OptimizerSettings(OptimizerKind.Sgd, 1e4)) with { Episodes = 200 };

    private static string Divergence(float loss, long round, int episode, long envStep) =>
        $"TD loss became {loss} at update round {round} (episode {episode}, env step {envStep}); " +
        "lower the learning rate or clip gradients (optimizer.clip_norm)";

    [Fact]
    public void A_loss_that_diverges_mid_episode_fails_the_trial_at_that_gradient_step_and_drops_the_episode()
    {
        // Three gradient steps a round: the failing step's round is counted by hand from its number.
        var sink = new TrialRun.RecordingSink();
        long envSteps = 0;
        var gradientSteps = 0;
        (float Loss, int Step, long EnvSteps, int Recorded)? first = null;
        var probe = new TrainerProbe
        {
            Stored = (_, _, _, _) => envSteps++,
            TrainStepped = loss =>
            {
                gradientSteps++;
                if (first is null && !float.IsFinite(loss)) first = (loss, gradientSteps, envSteps, sink.Episodes.Count);
            },
        };
        var run = TrialRun.Of(Diverging(Configs.Tiny() with { GradientSteps = 3 }), probe, sink);

        var (loss, step, atEnvStep, recorded) = first ?? throw new InvalidOperationException("the loss never diverged");
        Assert.Equal(TrialStatus.Failed, run.Result.Status);
        Assert.Equal(Divergence(loss, (step - 1) / 3 + 1, recorded, atEnvStep), run.Result.Reason);
        Assert.Equal(step, gradientSteps); // not even the rest of its round ran
        Assert.Equal(atEnvStep, run.Result.EnvSteps);
        Assert.Equal((recorded, recorded), (run.Episodes.Count, run.Result.Episodes));
        Assert.Null(run.Result.FinalEvaluation);
        Assert.Empty(run.Evaluations);
    }

    [Fact]
    public void A_loss_that_diverges_in_the_round_at_an_episodes_end_records_that_episode_and_stops()
    {
        // train_every 0: the one round of an episode runs after its last step, so the episode is complete.
        var gradientSteps = 0;
        var run = TrialRun.Of(Diverging(Configs.Tiny() with { TrainEvery = 0 }), new TrainerProbe { TrainStepped = _ => gradientSteps++ });

        var last = run.Episodes[^1];
        Assert.Equal(TrialStatus.Failed, run.Result.Status);
        Assert.False(double.IsFinite(last.TdLoss));
        Assert.Equal(gradientSteps, last.Updates);
        Assert.EndsWith($" at update round {last.Updates} (episode {last.Episode}, env step {last.EnvSteps}); " +
                        "lower the learning rate or clip gradients (optimizer.clip_norm)", run.Result.Reason);
        Assert.Equal(last.EnvSteps, run.Result.EnvSteps);
        Assert.Equal(run.Episodes.Count, run.Result.Episodes);
        Assert.Null(run.Result.FinalEvaluation);
    }
}
