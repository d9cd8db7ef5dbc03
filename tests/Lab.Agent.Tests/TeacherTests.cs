using Lab.Core;

namespace Lab.Agent.Tests;

/// <summary>
/// teacher.controller: the teacher replaces the uniform exploration action only when the agent is in
/// trouble (max Q not above the episode's initial max Q minus teacher.margin), and changes nothing else.
/// With ε = 1 every step explores, and with no update the network stays as initialised, so every action
/// can be predicted from the "explore" stream and the rule.
/// </summary>
public sealed class TeacherTests
{
    private static TrainConfig Exploring(TeacherKind teacher, double margin) => Configs.Tiny() with
    {
        Episodes = 40,
        LearningStarts = 1_000_000, // no update: the network stays as initialised
        Epsilon = new EpsilonConfig { Schedule = EpsilonScheduleKind.Constant, Start = 1.0, Min = 1.0 },
        Teacher = new TeacherConfig { Controller = teacher, Margin = margin },
    };

    private sealed record Step(int Episode, float[] Observation, float MaxQ, int Action);

    private static (List<Step> Steps, TrialRun Run) Record(TrainConfig config)
    {
        var steps = new List<Step>();
        var episode = 0;
        var probe = new TrainerProbe
        {
            Acted = (observation, q, action) => steps.Add(new Step(episode, [.. observation], q.Max(), action)),
            Stored = (_, _, terminated, truncated) => episode += terminated || truncated ? 1 : 0,
        };
        return (steps, TrialRun.Of(config, probe));
    }

    /// <summary>The uniform draws the trainer makes with ε = 1: a u, then an action, at every step.</summary>
    private static IEnumerable<int> UniformDraws(long seed)
    {
        var rng = RngModule.ForStream(unchecked((ulong)seed), "explore");
        while (true)
        {
            (_, rng) = RngModule.NextDouble(rng);
            (var action, rng) = RngModule.NextInt(2, rng);
            yield return action;
        }
    }

    [Fact]
    public void The_teacher_chooses_exactly_when_the_agent_is_in_trouble_and_the_uniform_draw_stands_otherwise()
    {
        const double margin = 0.01;
        var config = Exploring(TeacherKind.CartPoleFeedback, margin);
        var (steps, _) = Record(config);

        var draws = UniformDraws(config.Seed).Take(steps.Count).ToList();
        var thresholds = steps.GroupBy(s => s.Episode).ToDictionary(g => g.Key, g => g.First().MaxQ - margin);
        var inTrouble = 0;
        var overridden = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            // Hand rule: in trouble when max Q <= initial max Q - margin; CartPole's teacher pushes right when θ + 0.5·θ̇ > 0.
            var trouble = !(s.MaxQ > thresholds[s.Episode]);
            var teacher = s.Observation[2] + 0.5 * s.Observation[3] > 0 ? 1 : 0;
            Assert.Equal(trouble ? teacher : draws[i], s.Action);
            inTrouble += trouble ? 1 : 0;
            overridden += trouble && teacher != draws[i] ? 1 : 0;
        }
        // Both branches ran, and the teacher really changed actions.
        Assert.InRange(inTrouble, 1, steps.Count - 1);
        Assert.True(overridden > 0);
    }

    [Fact]
    public void Without_a_teacher_every_exploring_action_is_the_uniform_draw()
    {
        var config = Exploring(TeacherKind.None, 0.01);
        var (steps, _) = Record(config);

        Assert.Equal(UniformDraws(config.Seed).Take(steps.Count), steps.Select(s => s.Action));
    }

    [Fact]
    public void A_teacher_that_is_never_in_trouble_changes_nothing_and_one_always_in_trouble_plays_every_exploring_step()
    {
        // Margin 1e9: max Q is never that far below its start. Margin -1e9: it is always below.
        var none = TrialRun.Of(Exploring(TeacherKind.None, 0.2));
        var never = TrialRun.Of(Exploring(TeacherKind.CartPoleFeedback, 1e9));
        var (always, _) = Record(Exploring(TeacherKind.CartPoleFeedback, -1e9));

        Assert.Equal(Lengths(none), Lengths(never));
        Assert.All(always, s => Assert.Equal(s.Observation[2] + 0.5 * s.Observation[3] > 0 ? 1 : 0, s.Action));
        // The teacher alone balances the pole: every episode reaches CartPole-v1's cap of 500.
        Assert.All(always.GroupBy(s => s.Episode), e => Assert.Equal(500, e.Count()));
    }

    private static IEnumerable<(int, double)> Lengths(TrialRun run) => run.Episodes.Select(e => (e.Length, e.MeanMaxQ));
}
