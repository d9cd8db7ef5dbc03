using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// The claims `make reproduce` tests: each notebook's in its own words, CleanRL's and rl-baselines3-zoo's
/// published CartPole-v1 numbers, and DqnLab's own 50,000-step preset (final and best checkpoint). Each names the sweep that tests it
/// (experiments/reproduce/&lt;name&gt;.yaml) and how one seed is judged. docs/REPRODUCTIONS.md is generated
/// from these and the sweeps' results.
/// </summary>
internal static class ReproductionClaims
{
    public static readonly IReadOnlyList<ReproductionClaim> All =
    [
        new("repro-000-dqn1", "notebook 000, DQN1",
            "“Average: 279.0” on the standard test (table row “DQN1 | 197 | 500 | 279”: min, max, average)",
            "the final greedy evaluation, 10,000 episodes at cap 500 (the notebook's standard test), has a mean of at least 279",
            "standard-test mean return", FinalMean, t => FinalMean(t) >= 279, 10_000, 500),
        new("repro-000-dqn2", "notebook 000, DQN2",
            "“Max: 500.0 Min: 500.0 Average: 500.0” on the standard test",
            "every one of the 10,000 greedy episodes at cap 500 reaches the cap (min 500)",
            "standard-test mean return", FinalMean, t => t.FinalEvaluation!.Min >= 500, 10_000, 500),
        new("repro-000-dqn2-mega", "notebook 000, DQN2, MEGA test",
            "“The new DQN had 10 perfect 500,000 runs.” (10 greedy episodes at cap 500,000)",
            "all 10 greedy episodes at cap 500,000 reach the cap",
            "MEGA-test mean return", FinalMean, t => t.FinalEvaluation!.Min >= 500_000, 10, 500_000),
        new("repro-003", "notebook 003 (Keras 100-100, SGD)",
            "“Test results: 10/10 games won.” (a win is reaching the last timestep, 200)",
            "all 10 greedy test games at cap 200 reach the cap",
            "games won of 10", t => t.FinalEvaluation is { } e ? Math.Round(e.CapShare * e.Episodes) : null,
            t => t.FinalEvaluation!.CapShare >= 1, 10, 200),
        new("repro-004-dqn", "notebook 004, task 3.2 (DQN: replay memory and target network)",
            "the pass check “Mean over last 100 episodes” of training (the notebook does not print the bar; we hold it to CartPole-v0's solved-at, 195)",
            "the mean return of the last 100 training episodes is at least 195",
            "mean of the last 100 training returns", LastHundredMean, t => LastHundredMean(t) >= 195),
        new("repro-004-naive", "notebook 004, task 3.1 (naive agent: no replay, no target)",
            "“ein Aufwärtstrend ab etwa Episode 200 … Scores die zwar immer wieder die 200 erreichen, zwischendurch jedoch häufig bis auf einstellige Werte zurückfallen” (an upward trend from about episode 200; scores that keep reaching 200 but often fall back to single digits)",
            "over episodes 201–500 the mean training return exceeds that of episodes 1–200, at least 5 episodes reach 200 and at least 5 score below 10",
            "training episodes at 200 among episodes 201–500", t => t.Episodes.Skip(200).Count(e => e.Return >= 200), NaiveInstability),
        new("repro-002", "notebook 002 (Keras 24-24)",
            "“Our agent starts by exploring our space and very quickly learns to maximise its time playing the game.” (no number)",
            "no numeric claim to hold a seed to; measured: the final greedy evaluation, 100 episodes at cap 200",
            "greedy mean return (100 episodes, cap 200)", FinalMean, null, 100, 200),
        new("repro-001", "notebook 001 (TensorFlow DQN, RMSProp)",
            "no claim of performance: the run is stopped by hand (KeyboardInterrupt) after 83,001 frames and the test prints episode lengths the page does not show",
            "no numeric claim to hold a seed to; measured: the final greedy evaluation, 100 episodes at cap 200",
            "greedy mean return (100 episodes, cap 200)", FinalMean, null, 100, 200),
        new("repro-cleanrl", "CleanRL docs, dqn.py (3 seeds)",
            "“Below are the average episodic returns for dqn.py.” CartPole-v1: 488.69 ± 16.11, after 500,000 steps",
            "the mean return of the last 100 training episodes (ε-greedy, ε = 0.05, as CleanRL's episodic_return) is at least 488.69 − 16.11 = 472.58",
            "mean of the last 100 training returns", LastHundredMean, t => LastHundredMean(t) >= 488.69 - 16.11),
        new("repro-sb3-zoo", "rl-baselines3-zoo benchmark, dqn (tuned hyperparameters)",
            "CartPole-v1: mean reward 500.000, std 0.000 after 50k timesteps, over 300 evaluation episodes",
            "every one of 300 greedy episodes at cap 500 reaches the cap (500 ± 0)",
            "greedy mean return (300 episodes, cap 500)", FinalMean, t => t.FinalEvaluation!.Min >= 500, 300, 500),
        new("repro-sb3-zoo", "rl-baselines3-zoo settings, read as “solves”",
            "the same agent solves CartPole-v1",
            "the greedy mean over those 300 episodes is at least 475 (Gymnasium's reward threshold)",
            "greedy mean return (300 episodes, cap 500)", FinalMean, t => FinalMean(t) >= 475, 300, 500),
        new("repro-v1-50k", "DqnLab's own preset (experiments/presets/v1-50k.yaml)",
            "solves CartPole-v1 within 50,000 env steps in at least 18 of 20 seeds (issue 15's bar)",
            "the final greedy evaluation, 100 episodes at cap 500, has a mean of at least 475",
            "greedy mean return (100 episodes, cap 500)", FinalMean, t => FinalMean(t) >= 475, 100, 500)
        {
            Target = (18, 20),
            Note = "How the preset was chosen, each candidate with a budget of 50,000 steps and scored by 100 greedy episodes at cap 500. On seeds 1–20: "
                   + "Huber loss, batch 64, Adam 1e-3 with clip 10, ε floor 0.02, stop after 5 capped episodes: 10/20 solved; the same at 5e-4, floor 0.01, stop after 10: 11/20; "
                   + "rl-zoo's settings with a stop after 3: 1 of the first 4 (dropped); batch 128 with 2 gradient steps a step at 5e-4: 3 of the first 5 (dropped); "
                   + "MSE, batch 128, Adam 1e-3, floor 0.01, stop after 10: 19/20, and the same with γ 0.995: 5 of the first 7 (dropped). "
                   + "That first choice solved 17 of the fresh seeds 21–40: in two of the three failures the stop rule fired after 10 capped ε-greedy episodes "
                   + "but the greedy policy then averaged 166 and 179 from other starts. So ε now decays to 0 (capped training episodes are greedy ones) "
                   + "and 5 capped episodes stop training: 20/20 on seeds 1–20 (ε 0 with a stop after 10: 16/20; with a memory of 50,000: 18/20, and 17/20 with a stop after 10). "
                   + "Seeds 21–40 shaped that revision, so the sweep here runs seeds 41–60, which no candidate saw. "
                   + "Its failures (below) stop early after 5 capped greedy episodes and then fall short over 100 starts: a handful of capped episodes "
                   + "does not certify the policy for every start state. Keeping the best checkpoint helps: the next row.",
        },
        new("repro-v1-50k-best", "DqnLab's own preset, best checkpoint (experiments/presets/v1-50k-best.yaml)",
            "solves CartPole-v1 within 50,000 env steps in at least 18 of 20 seeds (issue 15's bar), judged by the best checkpoint",
            "the final greedy evaluation of the best checkpoint (best.dqn: the best of the 20-episode evaluations every 2,500 env steps and of the end of training), 100 episodes at cap 500, has a mean of at least 475",
            "best checkpoint's greedy mean return (100 episodes, cap 500)", BestMean, t => BestMean(t) >= 475, 100, 500)
        {
            Target = (18, 20),
            Note = "The same training as v1-50k (a seed's metrics.csv is byte-identical); only the evaluations and the kept network differ. "
                   + "Chosen on seeds 41–60 (v1-50k's fresh seeds, so no longer fresh), each judged by 100 greedy episodes at cap 500: "
                   + "v1-50k's final networks solved 16 of them (17 before CartPole squared as Gymnasium 1.x squares: seed 57 meets a state where pow and v*v differ and scores 354 instead of 500); "
                   + "the best of 20-episode evaluations every 2,500 steps, SB3's rule (periodic evaluations only), also 16: four seeds stopped early after their last evaluation "
                   + "with a final network better than any evaluated one; counting the end of training as one more candidate (this preset): 19/20. "
                   + "Measured once, here, on the fresh seeds 61–80; their final networks solved 14 of 20. "
                   + "The 100 judging episodes include the 20 start states that chose the checkpoint, so the figure leans upward: "
                   + "on 100 other start states (`./runner eval TRIAL --best --episodes 100 --seed` 1,000,000 + the trial's seed) the same best checkpoints solved 19 of 20 as well "
                   + "(seed 67: 456.4), the final networks 14 of 20.",
        },
    ];

    private static double? BestMean(TrialResult t) => t.Outcome?.Best?.Evaluation.Mean;

    private static double? FinalMean(TrialResult t) => t.FinalEvaluation?.Mean;

    private static double? LastHundredMean(TrialResult t) =>
        t.Episodes.Count >= 100 ? t.Episodes.Skip(t.Episodes.Count - 100).Average(e => e.Return) : null;

    private static bool NaiveInstability(TrialResult t)
    {
        if (t.Episodes.Count < 500) return false;
        var early = t.Episodes.Take(200).Average(e => e.Return);
        var late = t.Episodes.Skip(200).Take(300).ToList();
        return late.Average(e => e.Return) > early && late.Count(e => e.Return >= 200) >= 5 && late.Count(e => e.Return < 10) >= 5;
    }
}
