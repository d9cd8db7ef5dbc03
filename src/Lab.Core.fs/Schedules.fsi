/// Exploration schedules as pure functions of a count (environment steps or update rounds,
/// whichever the trainer's config says), so ε at any point of a run can be recomputed.
namespace Lab.Core

/// How ε, the probability of a random action, moves during training.
type EpsilonSchedule =
    /// ε fixed (notebooks 001 and 003).
    | Constant of epsilon: float
    /// ε = max(minimum, start · decay^count), the closed form of the notebooks' per-replay update
    /// ε ← max(ε_min, ε · decay) (000, 002); `count` is the number of update rounds so far.
    /// decay must be in [0, 1].
    | Multiplicative of start: float * minimum: float * decay: float
    /// CleanRL's linear_schedule (004): ε = max(slope · count + start, finish) with
    /// slope = (finish − start) / steps, i.e. a straight line from start to finish over `steps`
    /// counts, then finish. (When finish > start the line rises and `min` bounds it instead.)
    /// steps <= 0 means finish from the start.
    | Linear of start: float * finish: float * steps: int64

[<RequireQualifiedAccess>]
module Schedules =
    /// ε after `count` steps or update rounds. Monotone in `count` (non-increasing whenever the
    /// schedule ends lower than it starts) and bounded by its end points. Throws ArgumentException
    /// for a negative count or a multiplicative decay outside [0, 1].
    [<CompiledName("Epsilon")>]
    val epsilon: schedule: EpsilonSchedule -> count: int64 -> float
