using Lab.Agent;
using Lab.Core;
using Xunit;

namespace Lab.Agent.Tests;

public sealed class ReplayBufferTests
{
    [Fact]
    public void A_full_buffer_overwrites_its_oldest_transition_first()
    {
        var buffer = new ReplayBuffer(capacity: 3, observationSize: 1);
        for (var i = 0; i < 4; i++) buffer.Add([i], i % 2, i, [i + 0.5f], i == 3);

        Assert.Equal(3, buffer.Count);
        var rewards = SampleRewards(buffer, 300);
        Assert.DoesNotContain(0f, rewards);
        Assert.Equal([1f, 2f, 3f], rewards.Distinct().Order());
    }

    [Fact]
    public void A_sampled_transition_keeps_its_fields_together()
    {
        var buffer = new ReplayBuffer(capacity: 10, observationSize: 2);
        for (var i = 0; i < 10; i++) buffer.Add([i, -i], i % 2, i * 10, [i + 1, -i - 1], i % 3 == 0);

        var (states, actions, rewards, next, terminal) = (new float[64 * 2], new int[64], new float[64], new float[64 * 2], new bool[64]);
        buffer.Sample(RngModule.Create(7), new int[64], states, actions, rewards, next, terminal);

        for (var k = 0; k < 64; k++)
        {
            var i = (int)states[2 * k];
            Assert.Equal(-i, states[2 * k + 1]);
            Assert.Equal(i % 2, actions[k]);
            Assert.Equal(i * 10, rewards[k]);
            Assert.Equal(i + 1, next[2 * k]);
            Assert.Equal(i % 3 == 0, terminal[k]);
        }
    }

    [Fact]
    public void A_CartPole_transition_costs_about_44_bytes()
    {
        var buffer = new ReplayBuffer(capacity: 10_000, observationSize: 4);
        Assert.InRange(buffer.ByteSize / 10_000.0, 40, 44);
    }

    [Fact]
    public void Sampling_with_the_same_rng_state_draws_the_same_batch()
    {
        var buffer = new ReplayBuffer(capacity: 100, observationSize: 1);
        for (var i = 0; i < 100; i++) buffer.Add([i], 0, i, [i], false);
        Assert.Equal(SampleRewards(buffer, 32, seed: 3), SampleRewards(buffer, 32, seed: 3));
        Assert.NotEqual(SampleRewards(buffer, 32, seed: 3), SampleRewards(buffer, 32, seed: 4));
    }

    [Fact]
    public void With_memory_smaller_than_what_was_seen_only_the_last_memory_transitions_can_be_sampled()
    {
        var buffer = new ReplayBuffer(capacity: 5, observationSize: 1);
        for (var i = 0; i < 12; i++) buffer.Add([i], 0, i, [i + 1], false);

        var indices = new int[400];
        var rewards = new float[400];
        buffer.Sample(RngModule.Create(11), indices, new float[400], new int[400], rewards, new float[400], new bool[400]);

        Assert.Equal(5, buffer.Count);
        Assert.All(indices, i => Assert.InRange(i, 0, 4));
        // Transitions 7..11 survive, each at slot (its number mod 5).
        Assert.Equal([7f, 8f, 9f, 10f, 11f], rewards.Distinct().Order());
        for (var k = 0; k < indices.Length; k++) Assert.Equal(indices[k], (int)rewards[k] % 5);
    }

    [Fact]
    public void Sampling_an_empty_buffer_is_refused()
    {
        var buffer = new ReplayBuffer(capacity: 4, observationSize: 1);
        Assert.Throws<InvalidOperationException>(() =>
            buffer.Sample(RngModule.Create(1), new int[1], new float[1], new int[1], new float[1], new float[1], new bool[1]));
    }

    private static float[] SampleRewards(ReplayBuffer buffer, int n, ulong seed = 1)
    {
        var width = 1;
        var rewards = new float[n];
        buffer.Sample(RngModule.Create(seed), new int[n], new float[n * width], new int[n], rewards, new float[n * width], new bool[n]);
        return rewards;
    }
}
