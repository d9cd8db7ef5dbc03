using Lab.Core;
using Microsoft.FSharp.Collections;
using Xunit;

namespace Lab.Runner.Tests.Config;

/// <summary>The F# core's pure grid functions, as the C# shell calls them.</summary>
public sealed class GridExpansionTests
{
    private static FSharpList<Tuple<string, FSharpList<int>>> Axes(params (string Key, int[] Values)[] axes) =>
        ListModule.OfSeq(axes.Select(a => Tuple.Create(a.Key, ListModule.OfSeq(a.Values))));

    private static FSharpList<Tuple<string, string>> Pairs(params (string, string)[] pairs) =>
        ListModule.OfSeq(pairs.Select(p => Tuple.Create(p.Item1, p.Item2)));

    [Fact]
    public void Expand_is_the_cartesian_product_in_file_order_with_the_last_axis_fastest()
    {
        var cells = Grid.Expand(Axes(("a", [1, 2]), ("b", [10, 20, 30])));

        Assert.Equal(
            ["a=1 b=10", "a=1 b=20", "a=1 b=30", "a=2 b=10", "a=2 b=20", "a=2 b=30"],
            cells.Select(c => string.Join(" ", c.Select(p => $"{p.Item1}={p.Item2}"))));
    }

    [Fact]
    public void No_axes_give_one_empty_cell_and_an_empty_axis_gives_none()
    {
        Assert.Equal(0, Assert.Single(Grid.Expand(Axes())).Length);
        Assert.Empty(Grid.Expand(Axes(("a", [1, 2]), ("b", []))));
    }

    [Fact]
    public void Counts_are_computed_without_expanding_and_saturate()
    {
        Assert.Equal(6L, Grid.CellCount(ListModule.OfSeq([2, 3])));
        Assert.Equal(2L * 2 * 3 * 5, Grid.TrialCount(2, ListModule.OfSeq([2, 3]), 5));
        Assert.Equal(15L, Grid.TrialCount(0, ListModule.OfSeq([3]), 5));
        Assert.Equal(long.MaxValue, Grid.CellCount(ListModule.OfSeq(Enumerable.Repeat(1000, 10))));
        Assert.Equal(0L, Grid.CellCount(ListModule.OfSeq([int.MaxValue, int.MaxValue, int.MaxValue, 0])));
    }

    [Fact]
    public void Replicate_seeds_count_up_from_the_base_seed()
    {
        Assert.Equal([5L, 6L, 7L], Grid.ReplicateSeeds(5, 3));
        Assert.Empty(Grid.ReplicateSeeds(5, 0));
    }

    [Fact]
    public void Fnv1a_matches_the_published_test_vectors()
    {
        Assert.Equal(0xcbf29ce484222325UL, Grid.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, Grid.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, Grid.Fnv1a64("foobar"));
    }

    [Fact]
    public void Slug_keeps_readable_characters_and_squeezes_the_rest()
    {
        Assert.Equal("64_64", Grid.Slug("[64, 64]"));
        Assert.Equal("mode_steps_every_1_tau_0.005", Grid.Slug("{mode: steps, every: 1, tau: 0.005}"));
        Assert.Equal("epsilon.min=1e-05", Grid.Slug("epsilon.min=1e-05"));
        Assert.Equal("_", Grid.Slug("  "));
    }

    [Fact]
    public void Labels_put_the_variant_first()
    {
        Assert.Equal("variant=dqn2 batch_size=512 memory=10000", Grid.Label("dqn2", Pairs(("batch_size", "512"), ("memory", "10000"))));
        Assert.Equal("batch_size=512", Grid.Label("", Pairs(("batch_size", "512"))));
        Assert.Equal("", Grid.Label("", Pairs()));
    }

    [Fact]
    public void A_trial_id_is_stable_across_machines_golden()
    {
        var id = Grid.TrialId("dqn2", Pairs(("batch_size", "512"), ("memory", "10000")), 3, "name: golden\ngamma: 0.99\n");

        Assert.Equal("dqn2-batch_size=512-memory=10000-s3-" + Grid.ShortHash("name: golden\ngamma: 0.99\n\nseed=3"), id);
        Assert.Equal("dqn2-batch_size=512-memory=10000-s3-c219ad7a", id);
    }

    [Fact]
    public void A_trial_id_differs_for_a_different_config_or_seed()
    {
        var a = Grid.TrialId("", Pairs(("gamma", "0.9")), 1, "gamma: 0.9\n");

        Assert.NotEqual(a, Grid.TrialId("", Pairs(("gamma", "0.9")), 1, "gamma: 0.9\nmemory: 1\n"));
        Assert.NotEqual(a, Grid.TrialId("", Pairs(("gamma", "0.9")), 2, "gamma: 0.9\n"));
    }

    [Fact]
    public void A_long_readable_part_is_cut_and_the_hash_keeps_ids_apart()
    {
        var many = Pairs(Enumerable.Range(0, 40).Select(i => ($"key{i}", "value")).ToArray());

        var id = Grid.TrialId("", many, 1, "x");

        Assert.True(id.Length <= 120 + "-s1-".Length + 8, id);
        Assert.EndsWith("-s1-" + Grid.ShortHash("x\nseed=1"), id);
    }
}
