namespace Lab.Core

open System

type TargetBlend =
    | HardCopy
    | Polyak of tau: float

type TargetUpdatePolicy =
    | NoTarget
    | AtEpisodeEnd of blend: TargetBlend
    | EveryEnvSteps of every: int64 * blend: TargetBlend

[<RequireQualifiedAccess>]
module TargetUpdate =
    [<CompiledName("BlendOfTau")>]
    let blendOfTau (tau: float) = if tau >= 1.0 then HardCopy else Polyak tau

    [<CompiledName("UsesTargetNetwork")>]
    let usesTargetNetwork (policy: TargetUpdatePolicy) =
        match policy with
        | NoTarget -> false
        | AtEpisodeEnd _
        | EveryEnvSteps _ -> true

    [<CompiledName("DueAfterEnvStep")>]
    let dueAfterEnvStep (policy: TargetUpdatePolicy) (envSteps: int64) =
        match policy with
        | EveryEnvSteps(every, _) ->
            if every <= 0L then
                raise (ArgumentException($"A target sync every N env steps needs N > 0, got {every}.", nameof policy))

            envSteps > 0L && envSteps % every = 0L
        | NoTarget
        | AtEpisodeEnd _ -> false

    [<CompiledName("DueAtEpisodeEnd")>]
    let dueAtEpisodeEnd (policy: TargetUpdatePolicy) =
        match policy with
        | AtEpisodeEnd _ -> true
        | NoTarget
        | EveryEnvSteps _ -> false

    [<CompiledName("Blend")>]
    let blend (policy: TargetUpdatePolicy) =
        match policy with
        | AtEpisodeEnd blend
        | EveryEnvSteps(_, blend) -> blend
        | NoTarget -> raise (ArgumentException("The policy NoTarget has no target network to blend into.", nameof policy))
