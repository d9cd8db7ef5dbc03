/// Bellman targets over a batch, written into a caller-provided span: no allocation.
///
/// The caller decides which transitions are `terminal`: `terminated` alone is correct (a truncated
/// transition ends the episode but not the MDP, so its target bootstraps); `terminated || truncated`
/// ("timeouts_as_terminal") reproduces the notebooks, which treat the step cap as a failure.
namespace Lab.Core

open System

[<RequireQualifiedAccess>]
module Bellman =
    /// Vanilla DQN (Mnih et al. 2015): y[i] = r[i] + γ · max_a' Q_target(s'[i], a'), and
    /// y[i] = r[i] exactly where terminal[i] (Q_target is not read there, so NaN or ∞ cannot leak).
    /// `nextQTarget` is row-major, batch × actionCount. Computed in float32 as r + (γ · max),
    /// CleanRL's order. Throws ArgumentException unless terminal and destination have the length
    /// of rewards, nextQTarget has rewards.Length × actionCount, and actionCount is positive.
    [<CompiledName("VanillaTargets")>]
    val vanillaTargets:
        gamma: float32 *
        rewards: ReadOnlySpan<float32> *
        terminal: ReadOnlySpan<bool> *
        nextQTarget: ReadOnlySpan<float32> *
        actionCount: int *
        destination: Span<float32> ->
            unit

    /// Double DQN (van Hasselt et al. 2016): y[i] = r[i] + γ · Q_target(s'[i], argmax_a' Q_online(s'[i], a')),
    /// the argmax taking the lowest index among ties (as numpy.argmax and torch.argmax), and
    /// y[i] = r[i] exactly where terminal[i]. With identical online and target values this equals
    /// `vanillaTargets` bit for bit. Same length checks, for both Q spans.
    [<CompiledName("DoubleTargets")>]
    val doubleTargets:
        gamma: float32 *
        rewards: ReadOnlySpan<float32> *
        terminal: ReadOnlySpan<bool> *
        nextQOnline: ReadOnlySpan<float32> *
        nextQTarget: ReadOnlySpan<float32> *
        actionCount: int *
        destination: Span<float32> ->
            unit

    /// Index of the largest value, the lowest index among ties; throws ArgumentException when empty.
    [<CompiledName("ArgMax")>]
    val argMax: values: ReadOnlySpan<float32> -> int

/// Reward shaping done before the transition is stored.
[<RequireQualifiedAccess>]
module Rewards =
    /// The failure reward (−100 in notebook 000, 0 in 001) replaces the reward on termination only,
    /// never on truncation: reaching the step cap is not a failure. ValueNone leaves the reward as is.
    [<CompiledName("Shape")>]
    val shape: failureReward: float voption * reward: float * terminated: bool -> float
