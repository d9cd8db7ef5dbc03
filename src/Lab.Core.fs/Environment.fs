namespace Lab.Core

open System

[<Struct>]
type StepResult<'State> =
    { State: 'State
      Reward: float
      Terminated: bool
      Truncated: bool }

type IEnvironment<'State when 'State: struct> =
    abstract Name: string
    abstract ObservationSize: int
    abstract ActionCount: int
    abstract MaxSteps: int
    abstract Reset: rng: Rng -> struct ('State * Rng)
    abstract Step: state: 'State * action: int -> StepResult<'State>
    abstract Observe: state: 'State * destination: Span<float32> -> unit
    abstract OfGymState: gymState: float[] -> 'State
    abstract OfGymState: gymState: float[] * steps: int -> 'State
    abstract ToGymState: state: 'State -> float[]
    abstract WithMaxSteps: maxSteps: int -> IEnvironment<'State>

type IEnvironmentVisitor<'Result> =
    abstract Visit<'State when 'State: struct> : environment: IEnvironment<'State> -> 'Result

type EnvironmentHandle =
    abstract Accept<'Result> : visitor: IEnvironmentVisitor<'Result> -> 'Result
    abstract Name: string
    abstract ObservationSize: int
    abstract ActionCount: int
    abstract MaxSteps: int
    abstract SolvedAt: float
    abstract WithMaxSteps: maxSteps: int -> EnvironmentHandle

[<Sealed>]
type private TypedHandle<'State when 'State: struct>(solvedAt: float, environment: IEnvironment<'State>) =
    interface EnvironmentHandle with
        member _.Accept(visitor) = visitor.Visit environment
        member _.Name = environment.Name
        member _.ObservationSize = environment.ObservationSize
        member _.ActionCount = environment.ActionCount
        member _.MaxSteps = environment.MaxSteps
        member _.SolvedAt = solvedAt

        member _.WithMaxSteps(maxSteps) =
            TypedHandle(solvedAt, environment.WithMaxSteps maxSteps) :> EnvironmentHandle

    override _.ToString() =
        $"{environment.Name} (max steps {environment.MaxSteps})"

[<RequireQualifiedAccess>]
module EnvironmentHandle =
    [<CompiledName("Of")>]
    let ofEnvironment (solvedAt: float) (environment: IEnvironment<'State>) =
        TypedHandle(solvedAt, environment) :> EnvironmentHandle

    [<CompiledName("CheckMaxSteps")>]
    let checkMaxSteps (maxSteps: int) =
        if maxSteps <= 0 then
            raise (ArgumentOutOfRangeException(nameof maxSteps, maxSteps, $"The step cap must be positive, got {maxSteps}."))
