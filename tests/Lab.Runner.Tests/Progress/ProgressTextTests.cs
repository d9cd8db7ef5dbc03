using Lab.Runner.Progress;
using Xunit;

namespace Lab.Runner.Tests.Progress;

/// <summary>Progress lines fit the width they are made for, one cell short of it, and keep each field whole or leave it out.</summary>
public sealed class ProgressTextTests
{
    private static readonly string[] Fields = ["episode 123/300", "return 234.5", "eval 374.2", "ε 0.050", "12,345 steps/s"];

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(81)]
    [InlineData(140)]
    [InlineData(250)]
    public void A_line_is_shorter_than_the_width_and_its_fields_are_whole(int width)
    {
        var line = ProgressText.Line(width, "batch_size=512 memory=10000 seed=3", 0.45, Fields);

        Assert.True(line.Length <= width - 1, $"{line.Length} cells at width {width}: {line}");
        Assert.StartsWith("batch_size=512 memory=10000 seed=3 ━", line);
        Assert.Contains(" 45%", line);
        var kept = line[(line.IndexOf('%') + 1)..].Split("  ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Fields.Take(kept.Length), kept); // a prefix of the fields, in order, none cut
    }

    [Fact]
    public void At_80_columns_the_bar_and_the_first_fields_fit_and_a_wide_terminal_shows_them_all()
    {
        var narrow = ProgressText.Line(80, "batch_size=512 memory=10000 seed=3", 0.45, Fields);
        // 79 cells: the lead (34), the bar widened to 22 with the room the second field could not use, 45% of it filled.
        Assert.Equal("batch_size=512 memory=10000 seed=3 " + new string('━', 10) + new string('─', 12) + "  45%  episode 123/300", narrow);

        var wide = ProgressText.Line(200, "batch_size=512 memory=10000 seed=3", 0.45, Fields);
        Assert.EndsWith("  45%  episode 123/300  return 234.5  eval 374.2  ε 0.050  12,345 steps/s", wide);
        Assert.Equal(40, wide.Count(c => c is '━' or '─')); // the bar grows to 40 cells, no more
    }

    [Fact]
    public void A_lead_too_long_for_the_width_is_shortened_and_the_bar_stays()
    {
        var line = ProgressText.Line(60, new string('x', 100), 1.0, Fields);

        Assert.Equal(59, line.Length);
        Assert.EndsWith("… ━━━━━━━━━━ 100%", line);
    }

    [Theory]
    [InlineData(7, "0:07")]
    [InlineData(754, "12:34")]
    [InlineData(3723, "1:02:03")]
    public void Durations_read_as_a_clock(double seconds, string expected) => Assert.Equal(expected, ProgressText.Duration(seconds));
}
