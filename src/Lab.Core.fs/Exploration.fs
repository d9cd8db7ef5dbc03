namespace Lab.Core

open System

type ExplorationPolicy =
    | Constant of epsilon: float
    | MultiplicativePerUpdateRound of start: float * minimum: float * decay: float
    | LinearPerEnvStep of start: float * finish: float * steps: int64 * decayStart: int64

[<RequireQualifiedAccess>]
module Exploration =
    [<CompiledName("Epsilon")>]
    let epsilon (policy: ExplorationPolicy) (envSteps: int64) (updateRounds: int64) =
        if envSteps < 0L then
            raise (ArgumentException($"The env step count must not be negative, got {envSteps}.", nameof envSteps))

        if updateRounds < 0L then
            raise (ArgumentException($"The update round count must not be negative, got {updateRounds}.", nameof updateRounds))

        match policy with
        | Constant epsilon -> epsilon
        | MultiplicativePerUpdateRound(start, minimum, decay) ->
            if not (decay >= 0.0 && decay <= 1.0) then
                raise (ArgumentException($"A multiplicative epsilon decay must be in [0, 1], got {decay}.", nameof policy))

            Math.Max(minimum, start * Math.Pow(decay, float updateRounds))
        | LinearPerEnvStep(start, finish, steps, decayStart) ->
            let t = Math.Max(0L, envSteps - decayStart)

            if steps <= 0L then
                finish
            else
                // CleanRL: slope = (end_e - start_e) / duration; max(slope * t + start_e, end_e).
                let slope = (finish - start) / float steps
                let value = slope * float t + start
                if finish <= start then Math.Max(value, finish) else Math.Min(value, finish)
