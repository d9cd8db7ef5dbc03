namespace Lab.Core

open System

[<RequireQualifiedAccess>]
module Environments =
    /// One entry per named environment: name, and a factory from an optional step cap.
    let private registry: (string * (int option -> EnvironmentHandle)) list =
        let cartPole name (parameters: CartPoleParams) solvedAt (maxSteps: int option) =
            let parameters =
                match maxSteps with
                | Some cap -> { parameters with MaxSteps = cap }
                | None -> parameters

            CartPole.namedEnvironment name parameters |> EnvironmentHandle.ofEnvironment solvedAt

        [ "CartPole-v0", cartPole "CartPole-v0" CartPole.v0 195.0
          "CartPole-v1", cartPole "CartPole-v1" CartPole.v1 475.0
          "Acrobot-v1",
          fun maxSteps ->
              let env = Acrobot.namedEnvironment "Acrobot-v1" Acrobot.v1
              Option.fold (fun (e: IEnvironment<_>) cap -> e.WithMaxSteps cap) env maxSteps |> EnvironmentHandle.ofEnvironment -100.0
          "MountainCar-v0",
          fun maxSteps ->
              let env = MountainCar.namedEnvironment "MountainCar-v0" MountainCar.v0
              Option.fold (fun (e: IEnvironment<_>) cap -> e.WithMaxSteps cap) env maxSteps |> EnvironmentHandle.ofEnvironment -110.0 ]

    [<CompiledName("Names")>]
    let names = registry |> List.map fst

    [<CompiledName("TryCreate")>]
    let tryCreate (name: string) (maxSteps: int option) =
        registry
        |> List.tryFind (fun (known, _) -> String.Equals(known, name, StringComparison.Ordinal))
        |> Option.map (fun (_, create) -> create maxSteps)

    [<CompiledName("Create")>]
    let create (name: string, maxSteps: int) =
        let cap = if maxSteps <= 0 then None else Some maxSteps

        match tryCreate name cap with
        | Some handle -> handle
        | None ->
            let known = String.Join(", ", names)
            raise (ArgumentException($"Unknown environment '{name}'; known environments: {known}.", nameof name))
