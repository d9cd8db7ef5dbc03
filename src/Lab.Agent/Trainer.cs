using Lab.Core;
using Lab.Neural;
using Microsoft.FSharp.Core;

namespace Lab.Agent;

/// <summary>
/// The DQN loop for one trial: ε-greedy acting, env steps through the F# core, replay, updates with
/// Bellman targets from the core, target sync, early stop, periodic greedy evaluation. It knows nothing
/// of files, terminals or MLflow: it reports through <see cref="ITrainingSink"/> and returns the network.
/// Every random draw comes from streams of the trial seed, so a seed gives the same numbers on any run.
/// </summary>
public static class Trainer
{
    /// <summary>Largest batch the evaluation network sees at once.</summary>
    private const int EvaluationBatch = 1024;

    /// <param name="cores">Cores this trial may use: with 2 or more the updates run on two threads
    /// (<see cref="SecondCore"/>, as <see cref="DqnUpdate.SecondCoreUseFor"/> says). The results are
    /// bit-identical whatever the number.</param>
    public static TrainingResult Run(TrainConfig config, TrialInfo trial, ITrainingSink sink,
        CancellationToken cancel = default, TimeProvider? clock = null, int cores = 1) =>
        Run(config, trial, sink, null, cancel, clock, cores);

    /// <summary>As the public Run, with a test probe watching the internals (see <see cref="TrainerProbe"/>).</summary>
    internal static TrainingResult Run(TrainConfig config, TrialInfo trial, ITrainingSink sink, TrainerProbe? probe,
        CancellationToken cancel = default, TimeProvider? clock = null, int cores = 1)
    {
        var environment = Environments.Create(config.Env.Name, config.MaxSteps ?? 0);
        var evaluationCap = config.Evaluation.MaxSteps ?? config.Env.MaxSteps;
        sink.OnStarted(trial);
        return environment.Accept(new Loop(config, trial, sink, environment, evaluationCap, cancel,
            clock ?? TimeProvider.System, probe, cores));
    }

    private sealed class Loop(TrainConfig config, TrialInfo trial, ITrainingSink sink, EnvironmentHandle handle,
        int evaluationCap, CancellationToken cancel, TimeProvider clock, TrainerProbe? probe, int cores) : IEnvironmentVisitor<TrainingResult>
    {
        public TrainingResult Visit<TState>(IEnvironment<TState> env) where TState : struct
        {
            var obsSize = env.ObservationSize;
            var actionCount = env.ActionCount;
            var batch = config.BatchSize;
            var seed = unchecked((ulong)config.Seed);
            var envRng = RngModule.ForStream(seed, "env");
            var exploreRng = RngModule.ForStream(seed, "explore");
            var replayRng = RngModule.ForStream(seed, "replay");

            var exploration = config.Epsilon.Policy;
            var teacher = config.Teacher.Policy;
            var targetPolicy = config.TargetUpdate.Policy;
            var online = NetworkFactory.Create(config, obsSize, actionCount, batch, trainable: true);
            QNetwork? target = null;
            if (TargetUpdate.UsesTargetNetwork(targetPolicy))
            {
                // Drawn from the same seed's "init" stream as the online network, so it starts equal to it.
                target = NetworkFactory.Create(config, obsSize, actionCount, batch, trainable: false);
            }
            var blend = target is null ? null : TargetUpdate.Blend(targetPolicy);
            QNetwork? evaluationNet = null;
            // A second core for the updates when this trial has one to itself.
            using var helper = cores >= 2 && DqnUpdate.SecondCoreUseFor(online.Shape, batch, target is not null) != SecondCoreUse.None
                ? new SecondCore() : null;
            var beside = DqnUpdate.GiveSecondCore(helper, online, target, batch);

            var replay = new ReplayBuffer(config.Memory, obsSize);
            var update = new DqnUpdate(online, target, replay, batch, (float)config.Gamma, config.DoubleDqn, beside) { Probe = probe };
            var observation = new float[obsSize];
            var nextObservation = new float[obsSize];
            var q = new float[actionCount];
            probe?.Built?.Invoke(online, target, replay);
            probe?.UpdateBuilt?.Invoke(update);

            // Plain HasValue checks rather than patterns here and below: Stryker's mutants of pattern
            // variables do not compile, and it then skips every mutant of this method (make mutation).
            var failureReward = config.FailureReward.HasValue
                ? FSharpValueOption<double>.NewValueSome(config.FailureReward.Value)
                : FSharpValueOption<double>.ValueNone;
            var maxEpisodes = config.Episodes ?? int.MaxValue;
            var maxSteps = config.TotalSteps ?? long.MaxValue;

            long envSteps = 0, updateRounds = 0;
            var episode = 0;
            var consecutiveCaps = 0;
            string? failure = null;
            var status = TrialStatus.Finished;
            string? reason = null;
            double lossSum = 0, takenQSum = 0;
            long lossCount = 0;

            // Only called when the policy is due, and a due policy has a target network.
            void SyncTarget()
            {
                probe?.Syncing?.Invoke(envSteps);
                switch (blend)
                {
                    case TargetBlend.Polyak polyak: target!.SoftUpdateFrom(online, (float)polyak.tau); break;
                    default: online.CopyParametersTo(target!); break;
                }
                probe?.Synced?.Invoke(envSteps);
            }

            void UpdateRound()
            {
                for (var g = 0; g < config.GradientSteps && failure is null; g++)
                {
                    var loss = update.Step(ref replayRng);
                    if (!float.IsFinite(loss))
                        failure = $"TD loss became {loss} at update round {updateRounds + 1} (episode {episode}, " +
                                  $"env step {envSteps}); lower the learning rate or clip gradients (optimizer.clip_norm)";
                    lossSum += loss;
                    takenQSum += update.LastTakenQ;
                    lossCount++;
                }
                updateRounds++;
            }

            // The evaluations play their own episodes from the "eval" stream: they never touch the training
            // streams or the online network, so when and how often they run cannot change training.
            var finalEpisodes = config.Evaluation.FinalEpisodes ?? config.Evaluation.Episodes;
            var everySteps = config.Evaluation.EverySteps;
            long evaluatedAt = -1;
            QNetwork? bestNet = null;
            (int Episode, long EnvSteps, double Mean) best = default;

            EvaluationRecord Play(QNetwork network, int episodes)
            {
                evaluationNet ??= NetworkFactory.Create(config, obsSize, actionCount,
                    Math.Min(Math.Max(config.Evaluation.Episodes, finalEpisodes), EvaluationBatch), trainable: false);
                network.CopyParametersTo(evaluationNet);
                probe?.Evaluating?.Invoke(evaluationNet);
                return GreedyEvaluator.Run(handle, evaluationNet, episodes, evaluationCap, config.Seed, cancel) with
                {
                    Episode = episode, EnvSteps = envSteps, UnixTimeMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                };
            }

            EvaluationRecord Evaluate()
            {
                var record = Play(online, finalEpisodes);
                sink.OnEvaluation(trial, record);
                return record;
            }

            void EvaluatePeriodically()
            {
                var record = Play(online, config.Evaluation.Episodes);
                evaluatedAt = envSteps;
                sink.OnEvaluation(trial, record);
                ConsiderForBest(record.Mean);
            }

            // The first network with the highest mean is kept: a later one must score strictly more.
            void ConsiderForBest(double mean)
            {
                if (!config.Evaluation.KeepBest || (bestNet is not null && !(mean > best.Mean))) return;
                bestNet ??= NetworkFactory.Create(config, obsSize, actionCount, 1, trainable: false);
                online.CopyParametersTo(bestNet);
                best = (episode, envSteps, mean);
            }

            TrainingResult Ended(EvaluationRecord final)
            {
                var result = new TrainingResult(status, reason, episode, envSteps, online, final);
                if (!config.Evaluation.KeepBest) return result;
                // The end of training is one more candidate, scored like the periodic evaluations (by the final
                // evaluation itself when it has their size), so a trial that stops before the next one keeps it.
                ConsiderForBest(finalEpisodes == config.Evaluation.Episodes ? final.Mean : Play(online, config.Evaluation.Episodes).Mean);
                var evaluation = Play(bestNet!, finalEpisodes) with { Episode = best.Episode, EnvSteps = best.EnvSteps };
                return result with
                {
                    BestNetwork = bestNet, Best = new BestCheckpoint(best.Episode, best.EnvSteps, best.Mean, evaluation),
                };
            }

            try
            {
                while (episode < maxEpisodes && envSteps < maxSteps)
                {
                    var started = clock.GetTimestamp();
                    (var state, envRng) = env.Reset(envRng);
                    env.Observe(state, observation);
                    double episodeReturn = 0, shapedReturn = 0, maxQSum = 0;
                    var length = 0;
                    // The step loop sets these three before its only break; without initial values Stryker's
                    // mutants fail C#'s definite-assignment check and it drops every mutant of this method.
                    var terminated = false;
                    var truncated = false;
                    var epsilon = double.NaN;
                    lossSum = 0;
                    takenQSum = 0;
                    lossCount = 0;
                    var threshold = double.NaN; // the teacher's: set by the first step

                    while (true)
                    {
                        cancel.ThrowIfCancellationRequested();
                        epsilon = Exploration.Epsilon(exploration, envSteps, updateRounds);
                        online.Predict(observation, 1, q);
                        var greedy = Bellman.ArgMax(q);
                        maxQSum += q[greedy];
                        (var u, exploreRng) = RngModule.NextDouble(exploreRng);
                        if (length == 0) threshold = Teacher.Threshold(q[greedy], config.Teacher.Margin);
                        int action;
                        if (u < epsilon)
                        {
                            // The uniform draw is made even when the teacher overrides it, so that the
                            // exploration stream stays the same as without a teacher.
                            (action, exploreRng) = RngModule.NextInt(actionCount, exploreRng);
                            if (teacher != null && Teacher.InTrouble(threshold, q[greedy])) action = Teacher.Action(teacher, observation);
                        }
                        else action = greedy;
                        probe?.Acted?.Invoke(observation, q, action);

                        var step = env.Step(state, action);
                        env.Observe(step.State, nextObservation);
                        var reward = Rewards.Shape(failureReward, step.Reward, step.Terminated);
                        var terminal = step.Terminated || (config.TimeoutsAsTerminal && step.Truncated);
                        replay.Add(observation, action, (float)reward, nextObservation, terminal);
                        probe?.Stored?.Invoke((float)reward, terminal, step.Terminated, step.Truncated);
                        episodeReturn += step.Reward;
                        shapedReturn += reward;
                        length++;
                        envSteps++;
                        state = step.State;
                        (observation, nextObservation) = (nextObservation, observation);

                        if (config.TrainEvery > 0 && envSteps % config.TrainEvery == 0 && CanLearn())
                            UpdateRound();
                        if (TargetUpdate.DueAfterEnvStep(targetPolicy, envSteps)) SyncTarget();
                        if (everySteps > 0 && envSteps % everySteps == 0 && envSteps < maxSteps && failure is null)
                            EvaluatePeriodically();
                        terminated = step.Terminated;
                        truncated = step.Truncated;
                        if (terminated || truncated || failure is not null || envSteps >= maxSteps) break;
                    }

                    // An episode cut short by the step budget or a divergence is not an episode: like
                    // CleanRL, only episodes that really ended are recorded (their steps still count).
                    if (failure is not null || !(terminated || truncated)) break;
                    if (config.TrainEvery == 0 && CanLearn()) UpdateRound();
                    if (TargetUpdate.DueAtEpisodeEnd(targetPolicy)) SyncTarget();

                    var seconds = clock.GetElapsedTime(started).TotalSeconds;
                    // td_loss and taken_q: NaN (0 / 0) for an episode without a gradient step.
                    sink.OnEpisode(trial, new EpisodeRecord(episode, envSteps, episodeReturn, shapedReturn, length,
                        terminated, epsilon, lossSum / lossCount, takenQSum / lossCount, maxQSum / length,
                        updateRounds, seconds > 0 ? length / seconds : 0, clock.GetUtcNow().ToUnixTimeMilliseconds()));
                    episode++;
                    if (failure is not null) break;

                    consecutiveCaps = truncated && !terminated ? consecutiveCaps + 1 : 0;
                    var caps = config.Stop.ConsecutiveCaps;
                    if (caps.HasValue && consecutiveCaps >= caps.Value)
                    {
                        status = TrialStatus.StoppedEarly;
                        reason = $"{caps.Value} consecutive episodes reached the cap of {env.MaxSteps} steps";
                        break;
                    }
                    var every = config.Evaluation.EveryEpisodes;
                    if (every > 0 && episode % every == 0 && episode < maxEpisodes && envSteps < maxSteps && evaluatedAt != envSteps)
                        EvaluatePeriodically();
                }

                if (failure is not null)
                    return new TrainingResult(TrialStatus.Failed, failure, episode, envSteps, online, null);
                return Ended(Evaluate());
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return new TrainingResult(TrialStatus.Interrupted, "interrupted (Ctrl+C, SIGTERM or SIGHUP)", episode, envSteps, online,
                    null);
            }
            finally
            {
                // The networks outlive the helper (the caller saves and plays the result).
                online.Helper = null;
                if (target is not null) target.Helper = null;
            }

            bool CanLearn() => envSteps >= config.LearningStarts && replay.Count >= batch;
        }
    }
}
