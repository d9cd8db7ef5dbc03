namespace Lab.Core

open System

type EnvironmentFacts =
    { Name: string
      MaxSteps: int
      SolvedAt: float }

[<RequireQualifiedAccess>]
module Environments =
    [<NoEquality; NoComparison>]
    type private Entry =
        { Facts: EnvironmentFacts
          Create: int option -> EnvironmentHandle }

    /// An entry from the typed environment (its name and preset cap are the environment's own) and
    /// its solved-at threshold.
    let private entry (solvedAt: float) (environment: IEnvironment<'State>) =
        { Facts =
            { Name = environment.Name
              MaxSteps = environment.MaxSteps
              SolvedAt = solvedAt }
          Create =
            fun maxSteps ->
                let capped =
                    match maxSteps with
                    | Some cap -> environment.WithMaxSteps cap
                    | None -> environment

                EnvironmentHandle.ofEnvironment solvedAt capped }

    /// One entry per named environment.
    let private registry: Entry list =
        [ entry 195.0 (CartPole.namedEnvironment "CartPole-v0" CartPole.v0)
          entry 475.0 (CartPole.namedEnvironment "CartPole-v1" CartPole.v1)
          entry (-100.0) (Acrobot.namedEnvironment "Acrobot-v1" Acrobot.v1)
          entry (-110.0) (MountainCar.namedEnvironment "MountainCar-v0" MountainCar.v0) ]

    let private tryEntry (name: string) =
        registry |> List.tryFind (fun e -> String.Equals(e.Facts.Name, name, StringComparison.Ordinal))

    [<CompiledName("All")>]
    let all = registry |> List.map (fun e -> e.Facts)

    [<CompiledName("Names")>]
    let names = all |> List.map (fun f -> f.Name)

    [<CompiledName("TryFacts")>]
    let tryFacts (name: string) =
        tryEntry name |> Option.map (fun e -> e.Facts)

    let private unknown (name: string) =
        let known = String.Join(", ", names)
        ArgumentException($"Unknown environment '{name}'; known environments: {known}.", nameof name)

    [<CompiledName("Facts")>]
    let facts (name: string) =
        match tryFacts name with
        | Some facts -> facts
        | None -> raise (unknown name)

    [<CompiledName("TryCreate")>]
    let tryCreate (name: string) (maxSteps: int option) =
        tryEntry name |> Option.map (fun e -> e.Create maxSteps)

    [<CompiledName("Create")>]
    let create (name: string, maxSteps: int) =
        let cap = if maxSteps <= 0 then None else Some maxSteps

        match tryCreate name cap with
        | Some handle -> handle
        | None -> raise (unknown name)
