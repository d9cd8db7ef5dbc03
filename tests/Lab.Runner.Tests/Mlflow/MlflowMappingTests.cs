using Lab.Agent;
using Lab.Runner.Tracking.Mlflow;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>The points of episode rows, with values worked out by hand.</summary>
public sealed class MlflowMappingTests
{
    /// <summary>Episodes ending at env steps 400, 900, 1500, 2600, 3100 with returns 10..50, one second apart from t = 10 s.</summary>
    private static readonly EpisodeRecord[] Rows =
    [
        Row(0, 400, 10, 10_000), Row(1, 900, 20, 11_000), Row(2, 1500, 30, 12_000), Row(3, 2600, 40, 13_000), Row(4, 3100, 50, 14_000),
    ];

    /// <summary>An evaluation after the first two episodes (at 900 steps), mean 100.</summary>
    private static readonly EvaluationRecord[] Evaluations = [new(2, 900, 5, 500, 100, 0, 100, 100, 100, 0, 11_500)];

    private static EpisodeRecord Row(int episode, long steps, double ret, long time) =>
        new(episode, steps, ret, ret, 100, true, 0.5, 0.25, 2.75, 1.5, 10, 1234.56, time);

    private static List<MlflowMetric> Points(string key) =>
        Enumerable.Range(0, Rows.Length).SelectMany(i => MlflowMapping.Episode(Rows, i, Evaluations)).Where(m => m.Key == key).ToList();

    [Fact]
    public void Grouped_points_fall_on_every_1000_env_steps_with_the_mean_of_the_episodes_and_the_evaluation_before_them()
    {
        // 1000 is settled by the row at 1500 (the first to end after it): the episodes at 400 and 900, (10 + 20) / 2;
        // 2000 by the row at 2600: 400..1500, (10 + 20 + 30) / 3; 3000 by the row at 3100: (10 + 20 + 30 + 40) / 4
        Assert.Equal(
            [new("grouped/episodic_return", 15, 12_000, 1000), new("grouped/episodic_return", 20, 13_000, 2000), new("grouped/episodic_return", 25, 14_000, 3000)],
            Points("grouped/episodic_return"));
        Assert.Equal(
            [new("grouped/eval_mean_return", 100, 12_000, 1000), new("grouped/eval_mean_return", 100, 13_000, 2000), new("grouped/eval_mean_return", 100, 14_000, 3000)],
            Points("grouped/eval_mean_return"));
    }

    [Fact]
    public void The_grouped_return_is_the_mean_of_the_last_ten_episodes_and_one_long_episode_settles_every_step_it_passes()
    {
        // twelve episodes of 50 steps (returns 1..12), then one of 2,000 steps: it passes 1000 and 2000
        var rows = Enumerable.Range(0, 12).Select(i => Row(i, 50L * (i + 1), i + 1, 1000 + i)).Append(Row(12, 2600, 99, 2000)).ToArray();

        var grouped = Enumerable.Range(0, rows.Length).SelectMany(i => MlflowMapping.Episode(rows, i, [])).Where(m => m.Key.StartsWith("grouped/", StringComparison.Ordinal)).ToList();

        // the last ten before it: returns 3..12, mean 7.5; no evaluation yet, so no grouped/eval_mean_return
        Assert.Equal([new("grouped/episodic_return", 7.5, 2000, 1000), new("grouped/episodic_return", 7.5, 2000, 2000)], grouped);
    }

    [Fact]
    public void SPS_is_env_steps_per_second_since_the_first_episode_ended_in_whole_steps()
    {
        // (900 - 400) / 1 s = 500; (1500 - 400) / 2 s = 550; (2600 - 400) / 3 s = 733.3 -> 733; (3100 - 400) / 4 s = 675
        Assert.Equal([500.0, 550, 733, 675], Points("charts/SPS").Select(m => m.Value));
        Assert.Equal([900L, 1500, 2600, 3100], Points("charts/SPS").Select(m => m.Step));
    }

    [Fact]
    public void CleanRLs_names_carry_the_batch_figures_and_DqnLabs_own_statistics_keep_their_own_names()
    {
        var points = MlflowMapping.Episode(Rows, 1, Evaluations).ToList();

        Assert.Contains(new MlflowMetric("losses/td_loss", 0.25, 11_000, 900), points);
        Assert.Contains(new MlflowMetric("losses/q_values", 2.75, 11_000, 900), points);
        Assert.Contains(new MlflowMetric("dqnlab/mean_max_q", 1.5, 11_000, 900), points);
        Assert.Contains(new MlflowMetric("dqnlab/episode_sps", 1234.6, 11_000, 900), points);
        Assert.All(points, p => Assert.Contains(p.Key, MlflowMapping.AllMetricKeys));
    }

    [Fact]
    public void An_episode_without_an_update_or_from_a_metrics_file_without_taken_q_logs_no_q_values()
    {
        EpisodeRecord[] beforeLearning = [Rows[0] with { Updates = 0, TdLoss = double.NaN, TakenQ = double.NaN }];
        EpisodeRecord[] olderFile = [Rows[0] with { TakenQ = double.NaN }];

        Assert.DoesNotContain(MlflowMapping.Episode(beforeLearning, 0, []), p => p.Key.StartsWith("losses/", StringComparison.Ordinal));
        Assert.DoesNotContain(MlflowMapping.Episode(olderFile, 0, []), p => p.Key == "losses/q_values");
        Assert.Contains(MlflowMapping.Episode(olderFile, 0, []), p => p.Key == "losses/td_loss");
    }
}
