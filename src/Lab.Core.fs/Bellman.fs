namespace Lab.Core

open System

[<RequireQualifiedAccess>]
module Bellman =
    let private check (rewards: int) (terminal: int) (qLength: int) (qName: string) (actionCount: int) (destination: int) =
        if actionCount <= 0 then
            raise (ArgumentException($"actionCount must be positive, got {actionCount}.", "actionCount"))

        if terminal <> rewards then
            raise (ArgumentException($"terminal has {terminal} elements, rewards has {rewards}; they must match.", "terminal"))

        if destination <> rewards then
            raise (ArgumentException($"destination has {destination} elements, rewards has {rewards}; they must match.", "destination"))

        if int64 qLength <> int64 rewards * int64 actionCount then
            raise (
                ArgumentException(
                    $"{qName} has {qLength} elements; expected batch {rewards} × actionCount {actionCount} = {int64 rewards * int64 actionCount}.",
                    qName
                )
            )

    [<CompiledName("ArgMax")>]
    let argMax (values: ReadOnlySpan<float32>) =
        if values.IsEmpty then
            raise (ArgumentException("argMax of an empty span.", "values"))

        let mutable best = values[0]
        let mutable index = 0

        for a in 1 .. values.Length - 1 do
            if values[a] > best then
                best <- values[a]
                index <- a

        index

    [<CompiledName("VanillaTargets")>]
    let vanillaTargets
        (
            gamma: float32,
            rewards: ReadOnlySpan<float32>,
            terminal: ReadOnlySpan<bool>,
            nextQTarget: ReadOnlySpan<float32>,
            actionCount: int,
            destination: Span<float32>
        ) =
        check rewards.Length terminal.Length nextQTarget.Length "nextQTarget" actionCount destination.Length

        for i in 0 .. rewards.Length - 1 do
            if terminal[i] then
                destination[i] <- rewards[i]
            else
                let row = nextQTarget.Slice(i * actionCount, actionCount)
                let mutable best = row[0]

                for a in 1 .. actionCount - 1 do
                    if row[a] > best then best <- row[a]

                destination[i] <- rewards[i] + gamma * best

    [<CompiledName("DoubleTargets")>]
    let doubleTargets
        (
            gamma: float32,
            rewards: ReadOnlySpan<float32>,
            terminal: ReadOnlySpan<bool>,
            nextQOnline: ReadOnlySpan<float32>,
            nextQTarget: ReadOnlySpan<float32>,
            actionCount: int,
            destination: Span<float32>
        ) =
        check rewards.Length terminal.Length nextQOnline.Length "nextQOnline" actionCount destination.Length
        check rewards.Length terminal.Length nextQTarget.Length "nextQTarget" actionCount destination.Length

        for i in 0 .. rewards.Length - 1 do
            if terminal[i] then
                destination[i] <- rewards[i]
            else
                let chosen = argMax (nextQOnline.Slice(i * actionCount, actionCount))
                destination[i] <- rewards[i] + gamma * nextQTarget[i * actionCount + chosen]

[<RequireQualifiedAccess>]
module Rewards =
    [<CompiledName("Shape")>]
    let shape (failureReward: float voption, reward: float, terminated: bool) =
        match failureReward with
        | ValueSome failure when terminated -> failure
        | _ -> reward
