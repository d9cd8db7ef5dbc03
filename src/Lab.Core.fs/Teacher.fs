namespace Lab.Core

open System

type TeacherPolicy =
    | CartPoleFeedback
    | MountainCarMomentum
    | AcrobotSwing

[<RequireQualifiedAccess>]
module Teacher =
    let private observationSize teacher =
        match teacher with
        | CartPoleFeedback -> 4
        | MountainCarMomentum -> 2
        | AcrobotSwing -> 6

    [<CompiledName("Action")>]
    let action (teacher: TeacherPolicy, observation: ReadOnlySpan<float32>) =
        let size = observationSize teacher

        if observation.Length < size then
            raise (ArgumentException($"The {teacher} teacher reads {size} observation values, got {observation.Length}.", nameof observation))

        match teacher with
        | CartPoleFeedback -> if float observation[2] + 0.5 * float observation[3] > 0.0 then 1 else 0
        | MountainCarMomentum -> if observation[1] >= 0.0f then 2 else 0
        | AcrobotSwing -> if observation[4] > 0.0f then 0 else 2

    [<CompiledName("Drives")>]
    let drives teacher (environmentName: string) =
        let family =
            match teacher with
            | CartPoleFeedback -> "CartPole-"
            | MountainCarMomentum -> "MountainCar-"
            | AcrobotSwing -> "Acrobot-"

        environmentName.StartsWith(family, StringComparison.Ordinal)

    [<CompiledName("Threshold")>]
    let threshold (initialMaxQ: float) (margin: float) = initialMaxQ - margin

    [<CompiledName("InTrouble")>]
    let inTrouble (threshold: float) (maxQ: float) = not (maxQ > threshold)
