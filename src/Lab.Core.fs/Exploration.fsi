/// Exploration policies: ε, the probability of a random action, as a pure function of the run's two
/// counters (environment steps and update rounds), so ε at any point of a run can be recomputed.
/// Which counter drives a policy, and from when, is part of the policy.
namespace Lab.Core

/// How ε moves during training, and which counter moves it.
type ExplorationPolicy =
    /// ε fixed (notebooks 001 and 003).
    | Constant of epsilon: float
    /// ε = max(minimum, start · decay^rounds), rounds = the update rounds so far: the closed form
    /// of notebooks 000/002's per-replay update ε ← max(ε_min, ε · decay). decay must be in [0, 1].
    | MultiplicativePerUpdateRound of start: float * minimum: float * decay: float
    /// CleanRL's linear_schedule over environment steps (004, CleanRL, SB3), held at start until
    /// decayStart: with t = max(0, envSteps − decayStart) and slope = (finish − start) / steps,
    /// ε = max(slope · t + start, finish), i.e. a straight line from start to finish over `steps`
    /// env steps, then finish. (When finish > start the line rises and min bounds it instead.)
    /// steps <= 0 means finish from the start (of the decay).
    | LinearPerEnvStep of start: float * finish: float * steps: int64 * decayStart: int64

[<RequireQualifiedAccess>]
module Exploration =
    /// ε after `envSteps` environment steps and `updateRounds` update rounds; each policy reads the
    /// counter it names and ignores the other. Monotone in that counter (non-increasing whenever
    /// the policy ends lower than it starts) and bounded by its end points. Throws
    /// ArgumentException for a negative counter or a multiplicative decay outside [0, 1].
    [<CompiledName("Epsilon")>]
    val epsilon: policy: ExplorationPolicy -> envSteps: int64 -> updateRounds: int64 -> float
