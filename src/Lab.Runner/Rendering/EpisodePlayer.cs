using Lab.Core;
using Lab.Neural;

namespace Lab.Runner.Rendering;

/// <summary>
/// Plays episodes of a trained network frame by frame, for watching and drawing. Start states come from
/// the "eval" stream of the seed, as <c>GreedyEvaluator</c> draws them, so episode k here starts where
/// evaluation episode k of the same seed starts. <c>choose</c> decides each action (the greedy one when
/// null); <c>show</c> sees each frame as soon as its action is known (the last frame has none).
/// </summary>
internal static class EpisodePlayer
{
    public static IReadOnlyList<EpisodeTrace> Play(EnvironmentHandle environment, QNetwork network, long seed, int episodes,
        int maxSteps, Func<EpisodeFrame, Choice>? choose = null, Action<EpisodeFrame>? show = null,
        CancellationToken cancel = default) =>
        environment.Accept(new Visitor(network, seed, episodes, maxSteps, choose ?? (f => Choice.Agent(f.Greedy)),
            show ?? (_ => { }), cancel));

    private sealed class Visitor(QNetwork network, long seed, int episodes, int maxSteps, Func<EpisodeFrame, Choice> choose,
        Action<EpisodeFrame> show, CancellationToken cancel) : IEnvironmentVisitor<IReadOnlyList<EpisodeTrace>>
    {
        public IReadOnlyList<EpisodeTrace> Visit<TState>(IEnvironment<TState> environment) where TState : struct
        {
            var env = environment.WithMaxSteps(maxSteps);
            var observation = new float[env.ObservationSize];
            var rng = RngModule.ForStream(unchecked((ulong)seed), "eval");
            var traces = new List<EpisodeTrace>();
            for (var episode = 0; episode < episodes; episode++)
            {
                (var state, rng) = env.Reset(rng);
                var frames = new List<EpisodeFrame>();
                double episodeReturn = 0;
                bool terminated = false, truncated = false, stopped = false;
                for (var step = 0; ; step++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var q = new float[env.ActionCount];
                    env.Observe(state, observation);
                    network.Predict(observation, 1, q);
                    var frame = new EpisodeFrame(episode, step, env.ToGymState(state), q, Bellman.ArgMax(q), -1, false, episodeReturn);
                    if (terminated || truncated)
                    {
                        frames.Add(frame);
                        show(frame);
                        break;
                    }
                    var choice = choose(frame);
                    if (choice.Stop)
                    {
                        frames.Add(frame);
                        stopped = true;
                        break;
                    }
                    frame = frame with { Action = choice.Action, ByPerson = choice.ByPerson };
                    frames.Add(frame);
                    show(frame);
                    var result = env.Step(state, choice.Action);
                    episodeReturn += result.Reward;
                    (state, terminated, truncated) = (result.State, result.Terminated, result.Truncated);
                }
                traces.Add(new EpisodeTrace(env.Name, episode, frames, episodeReturn, terminated, truncated, stopped));
                if (stopped) break;
            }
            return traces;
        }
    }
}
