/// Target-network policies: whether there is a target network, when it follows the online one, and
/// how. Pure functions of the policy and the step count, so the trainer only asks whether a sync is due.
namespace Lab.Core

/// How the target network θ' takes the online network's parameters θ when a sync is due.
type TargetBlend =
    /// θ' ← θ (tau = 1).
    | HardCopy
    /// Polyak averaging θ' ← τ·θ + (1 − τ)·θ', 0 < τ < 1 (DDPG-style soft update).
    | Polyak of tau: float

/// When the target network follows the online one.
type TargetUpdatePolicy =
    /// No separate target network: targets bootstrap from the online network (notebooks 001-003,
    /// 004's naive agent).
    | NoTarget
    /// Sync when an episode ends (notebook 000).
    | AtEpisodeEnd of blend: TargetBlend
    /// Sync after every `every`-th environment step, counted from the start of the run (CleanRL,
    /// 004's DQN agent). `every` must be positive.
    | EveryEnvSteps of every: int64 * blend: TargetBlend

[<RequireQualifiedAccess>]
module TargetUpdate =
    /// The config's tau as a blend: HardCopy when tau >= 1, Polyak tau otherwise.
    [<CompiledName("BlendOfTau")>]
    val blendOfTau: tau: float -> TargetBlend

    /// Whether the policy keeps a separate target network (every policy but NoTarget).
    [<CompiledName("UsesTargetNetwork")>]
    val usesTargetNetwork: policy: TargetUpdatePolicy -> bool

    /// Whether a sync is due right after the environment step that brought the count to
    /// `envSteps`: for EveryEnvSteps(every, _) when envSteps is a positive multiple of every;
    /// never for the other policies. Throws ArgumentException when every is not positive.
    [<CompiledName("DueAfterEnvStep")>]
    val dueAfterEnvStep: policy: TargetUpdatePolicy -> envSteps: int64 -> bool

    /// Whether a sync is due when an episode ends: for AtEpisodeEnd only.
    [<CompiledName("DueAtEpisodeEnd")>]
    val dueAtEpisodeEnd: policy: TargetUpdatePolicy -> bool

    /// The policy's blend; throws ArgumentException for NoTarget (there is nothing to blend into).
    [<CompiledName("Blend")>]
    val blend: policy: TargetUpdatePolicy -> TargetBlend
