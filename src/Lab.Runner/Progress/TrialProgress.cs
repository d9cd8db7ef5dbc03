using System.Diagnostics;
using Lab.Agent;

namespace Lab.Runner.Progress;

/// <summary>
/// One trial's progress as the display shows it: how far it is toward whichever limit ends it
/// (episodes or env steps, and the early stop), the mean return of the last episodes, the TD loss,
/// ε, the env steps per second since it started, and its latest greedy evaluation. The trainer's
/// thread writes it; the display's thread reads <see cref="Snapshot"/>, which is replaced whole.
/// </summary>
internal sealed class TrialProgress(TrialInfo trial, TrainConfig config)
{
    /// <summary>Episodes in the rolling mean of the return, as SB3's ep_rew_mean.</summary>
    public const int Window = 100;

    private readonly double[] _returns = new double[Window];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;
    private double _sum;
    private int _capsInARow;
    private EvaluationRecord? _evaluation;
    private volatile Snapshot _snapshot = new(0, 0, double.NaN, 0, double.NaN, double.NaN, 0, 0, null);

    /// <summary>What the trial was at its last episode.</summary>
    /// <param name="ReturnsInMean">How many episodes <paramref name="MeanReturn"/> averages (up to <see cref="Window"/>).</param>
    /// <param name="StepsPerSecond">Env steps since the start over the time since the start.</param>
    /// <param name="CapsInARow">Episodes in a row that reached the cap (the early stop counts these).</param>
    public sealed record Snapshot(int Episodes, long EnvSteps, double MeanReturn, int ReturnsInMean, double Loss,
        double Epsilon, double StepsPerSecond, int CapsInARow, EvaluationRecord? Evaluation);

    public TrialInfo Trial { get; } = trial;

    public TrainConfig Config { get; } = config;

    public Snapshot Current => _snapshot;

    public double Seconds => _clock.Elapsed.TotalSeconds;

    public void Episode(EpisodeRecord e)
    {
        var slot = e.Episode % Window;
        if (_count == Window) _sum -= _returns[slot];
        else _count++;
        _returns[slot] = e.Return;
        _sum += e.Return;
        _capsInARow = e.Terminated ? 0 : _capsInARow + 1;
        var seconds = Seconds;
        _snapshot = new Snapshot(e.Episode + 1, e.EnvSteps, _sum / _count, _count, e.TdLoss, e.Epsilon,
            seconds > 0 ? e.EnvSteps / seconds : 0, _capsInARow, _evaluation);
    }

    public void Evaluation(EvaluationRecord e)
    {
        _evaluation = e;
        _snapshot = _snapshot with { Evaluation = e };
    }

    /// <summary>
    /// The share of the run done: the larger of episodes/episodes and steps/total_steps, since the run
    /// ends at whichever comes first. An early stop can end it sooner; <see cref="StopsEarly"/> says so.
    /// </summary>
    public double Fraction
    {
        get
        {
            var s = _snapshot;
            var byEpisodes = Config.Episodes is { } episodes ? (double)s.Episodes / episodes : 0;
            var bySteps = Config.TotalSteps is { } steps ? (double)s.EnvSteps / steps : 0;
            return Math.Clamp(Math.Max(byEpisodes, bySteps), 0, 1);
        }
    }

    /// <summary>Whether the episode budget binds (rather than total_steps): it has the larger share done.</summary>
    public bool CountsEpisodes
    {
        get
        {
            var s = _snapshot;
            if (Config.TotalSteps is not { } steps) return true;
            if (Config.Episodes is not { } episodes) return false;
            return (double)s.Episodes / episodes > (double)s.EnvSteps / steps;
        }
    }

    /// <summary>Consecutive capped episodes that stop the run (stop.consecutive_caps); null when none do.</summary>
    public int? StopsEarly => Config.Stop.ConsecutiveCaps;
}
