namespace Lab.Core

open System

type EpsilonSchedule =
    | Constant of epsilon: float
    | Multiplicative of start: float * minimum: float * decay: float
    | Linear of start: float * finish: float * steps: int64

[<RequireQualifiedAccess>]
module Schedules =
    [<CompiledName("Epsilon")>]
    let epsilon (schedule: EpsilonSchedule) (count: int64) =
        if count < 0L then
            raise (ArgumentException($"The schedule's count must not be negative, got {count}.", nameof count))

        match schedule with
        | Constant epsilon -> epsilon
        | Multiplicative(start, minimum, decay) ->
            if not (decay >= 0.0 && decay <= 1.0) then
                raise (ArgumentException($"A multiplicative epsilon decay must be in [0, 1], got {decay}.", nameof schedule))

            Math.Max(minimum, start * Math.Pow(decay, float count))
        | Linear(start, finish, steps) ->
            if steps <= 0L then
                finish
            else
                // CleanRL: slope = (end_e - start_e) / duration; max(slope * t + start_e, end_e).
                let slope = (finish - start) / float steps
                let value = slope * float count + start
                if finish <= start then Math.Max(value, finish) else Math.Min(value, finish)
