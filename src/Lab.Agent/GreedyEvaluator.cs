using Lab.Core;
using Lab.Neural;

namespace Lab.Agent;

/// <summary>
/// Runs many greedy episodes side by side: every step, the observations of all running episodes go
/// through the network as one batch. Start states come from the "eval" stream of the seed, episode by
/// episode, so every evaluation of a seed (and every config with that seed) plays the same starts.
/// Results do not depend on the batch size because a network's row results do not depend on the batch.
/// The record it returns has training position 0 and time 0 (<see cref="EvaluationRecord.FromReturns"/>).
/// </summary>
public static class GreedyEvaluator
{
    public static EvaluationRecord Run(EnvironmentHandle environment, QNetwork network, int episodes, int maxSteps,
        long seed, CancellationToken cancel = default) =>
        environment.Accept(new Visitor(network, episodes, maxSteps, seed, cancel));

    private sealed class Visitor(QNetwork network, int episodes, int maxSteps, long seed, CancellationToken cancel)
        : IEnvironmentVisitor<EvaluationRecord>
    {
        public EvaluationRecord Visit<TState>(IEnvironment<TState> environment) where TState : struct
        {
            var env = environment.WithMaxSteps(maxSteps);
            var obsSize = env.ObservationSize;
            var actions = env.ActionCount;
            var states = new TState[episodes];
            var rng = RngModule.ForStream(unchecked((ulong)seed), "eval");
            for (var i = 0; i < episodes; i++)
            {
                var (state, next) = env.Reset(rng);
                states[i] = state;
                rng = next;
            }

            var returns = new double[episodes];
            var reachedCap = new bool[episodes];
            var chunk = Math.Min(episodes, network.MaxBatch);
            var active = new int[chunk];
            var observations = new float[chunk * obsSize];
            var q = new float[chunk * actions];
            for (var first = 0; first < episodes; first += chunk)
            {
                var running = Math.Min(chunk, episodes - first);
                for (var k = 0; k < running; k++) active[k] = first + k;
                while (running > 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    for (var k = 0; k < running; k++)
                        env.Observe(states[active[k]], observations.AsSpan(k * obsSize, obsSize));
                    network.Predict(observations.AsSpan(0, running * obsSize), running, q.AsSpan(0, running * actions));
                    var stillRunning = 0;
                    for (var k = 0; k < running; k++)
                    {
                        var episode = active[k];
                        var result = env.Step(states[episode], Bellman.ArgMax(q.AsSpan(k * actions, actions)));
                        states[episode] = result.State;
                        returns[episode] += result.Reward;
                        if (result.Terminated || result.Truncated)
                            reachedCap[episode] = !result.Terminated;
                        else
                            active[stillRunning++] = episode;
                    }
                    running = stillRunning;
                }
            }
            return EvaluationRecord.FromReturns(returns, reachedCap, maxSteps);
        }
    }
}
