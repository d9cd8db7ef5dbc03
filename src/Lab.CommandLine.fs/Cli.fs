namespace Lab.CommandLine

open System
open Argu

type TrainArgs =
    { Config: string
      Seed: Nullable<int64>
      Sets: string[]
      Out: string | null
      TrackingUri: string | null
      Quiet: bool }

type EvalArgs =
    { Model: string
      Episodes: Nullable<int>
      MaxSteps: Nullable<int>
      Seed: Nullable<int64>
      Standard: bool
      Mega: bool
      Out: string | null }

type SweepArgs =
    { Grid: string
      Jobs: Nullable<int>
      Out: string | null
      Sets: string[]
      DryRun: bool
      Resume: bool
      Yes: bool
      TrackingUri: string | null
      NoReport: bool
      Quiet: bool }

type ReportArgs = { ResultsDir: string }

type SyncArgs =
    { ResultsDir: string
      TrackingUri: string | null }

type BenchArgs = { Quick: bool; Only: string[] }

type PlayArgs =
    { Model: string
      Episodes: Nullable<int>
      Seed: Nullable<int64>
      Fps: Nullable<int>
      Assist: bool
      Margin: Nullable<float>
      Input: string | null }

type RenderArgs =
    { Model: string
      Out: string
      Episodes: Nullable<int>
      Seed: Nullable<int64>
      Fps: Nullable<int> }

type Command =
    | Train of TrainArgs
    | Eval of EvalArgs
    | Sweep of SweepArgs
    | Report of ReportArgs
    | MlflowSync of SyncArgs
    | Bench of BenchArgs
    | Play of PlayArgs
    | Render of RenderArgs
    | ShowHelp of Text: string
    | ShowVersion

type CliParse =
    | Parsed of Command
    | Invalid of Message: string

/// The grammar as Argu templates: one union per (sub)command; case names become flags
/// (`Tracking_Uri` is `--tracking-uri`).
module internal CliGrammar =
    [<HelpFlags("--help", "-h")>]
    type TrainArg =
        | [<MainCommand; ExactlyOnce>] Config of config: string
        | [<Unique>] Seed of n: int64
        | Set of ``key=value``: string
        | [<Unique>] Out of dir: string
        | [<Unique>] Tracking_Uri of uri: string
        | Quiet

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Config _ -> "the YAML config to train."
                | Seed _ -> "seed of the run (overrides the config's)."
                | Set _ ->
                    "override a config value (repeatable). Keys as in the config file, sections dotted: "
                    + "--set batch_size=512 or --set epsilon.min=0.01"
                | Out _ -> "the trial goes under <dir>/<trial id>; <dir> defaults to results/<config name>."
                | Tracking_Uri _ -> "MLflow tracking URI (default: $MLFLOW_TRACKING_URI)."
                | Quiet -> "no progress output."

    [<HelpFlags("--help", "-h")>]
    type EvalArg =
        | [<MainCommand; ExactlyOnce>] Model of model: string
        | [<Unique>] Episodes of n: int
        | [<Unique>] Max_Steps of n: int
        | [<Unique>] Seed of n: int64
        | Standard
        | Mega
        | [<Unique>] Out of dir: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Model _ -> "the saved model (model.dqn) or the trial folder holding it."
                | Episodes _ -> "number of evaluation episodes."
                | Max_Steps _ -> "step cap of each evaluation episode."
                | Seed _ -> "seed of the evaluation start states."
                | Standard -> "the standard evaluation protocol."
                | Mega -> "the long (mega) evaluation protocol."
                | Out _ -> "folder for the evaluation results."

    [<HelpFlags("--help", "-h")>]
    type SweepArg =
        | [<MainCommand; ExactlyOnce>] Grid of grid: string
        | [<Unique>] Jobs of n: int
        | [<Unique>] Out of dir: string
        | Set of ``key=value``: string
        | Dry_Run
        | Resume
        | Yes
        | [<Unique>] Tracking_Uri of uri: string
        | No_Report
        | Quiet

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Grid _ -> "the YAML grid to sweep."
                | Jobs _ -> "trials run in parallel (default: the number of cores)."
                | Out _ -> "this sweep's results folder; without --out it is results/<grid name>."
                | Set _ -> "override a config value in every trial (repeatable), e.g. --set episodes=50 or --set epsilon.min=0.01"
                | Dry_Run -> "list the trials without running them."
                | Resume ->
                    "accepted for scripts: resuming is the default. Finished trials are always kept; "
                    + "only missing, interrupted or errored ones run."
                | Yes -> "allow more than 10,000 trials; it only lifts that limit."
                | Tracking_Uri _ -> "MLflow tracking URI (default: $MLFLOW_TRACKING_URI)."
                | No_Report -> "do not write the report at the end."
                | Quiet -> "no progress output."

    [<HelpFlags("--help", "-h")>]
    type ReportArg =
        | [<MainCommand; ExactlyOnce>] Results_Dir of results_dir: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Results_Dir _ -> "a results/<experiment> folder."

    [<HelpFlags("--help", "-h")>]
    type SyncArg =
        | [<MainCommand; ExactlyOnce>] Results_Dir of results_dir: string
        | [<Unique>] Tracking_Uri of uri: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Results_Dir _ -> "a results/<experiment> folder."
                | Tracking_Uri _ -> "MLflow tracking URI (default: $MLFLOW_TRACKING_URI)."

    [<RequireSubcommand; HelpFlags("--help", "-h")>]
    type MlflowArg =
        | [<CliPrefix(CliPrefix.None)>] Sync of ParseResults<SyncArg>

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Sync _ -> "upload finished runs from a results folder to MLflow, exactly once."

    [<HelpFlags("--help", "-h")>]
    type BenchArg =
        | Quick
        | Only of name: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Quick -> "fewer iterations."
                | Only _ -> "run only this benchmark (repeatable)."

    [<HelpFlags("--help", "-h")>]
    type PlayArg =
        | [<MainCommand; ExactlyOnce>] Model of model: string
        | [<Unique>] Episodes of n: int
        | [<Unique>] Seed of n: int64
        | [<Unique>] Fps of n: int
        | Assist
        | [<Unique>] Margin of q: float
        | [<Unique>] Input of file: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Model _ -> "the saved model (model.dqn) or the trial folder holding it."
                | Episodes _ -> "episodes to play (default 1)."
                | Seed _ -> "seed of the start states (default: the model's config seed; the same starts as runner eval)."
                | Fps _ ->
                    "frames per second (default: the env's own rate on a terminal, no waiting otherwise); "
                    + "with --assist it also limits your time to choose."
                | Assist ->
                    "team up (notebook 001): you choose whenever the agent's max Q drops below "
                    + "its initial max Q minus the margin; arrow keys or a/d."
                | Margin _ -> "with --assist: the threshold is the initial max Q minus this (default 0.2)."
                | Input _ -> "with --assist: read your keys from this file (a d left right s q...) instead of the keyboard."

    [<HelpFlags("--help", "-h")>]
    type RenderArg =
        | [<MainCommand; ExactlyOnce>] Model of model: string
        | [<Mandatory; Unique>] Out of file: string
        | [<Unique>] Episodes of n: int
        | [<Unique>] Seed of n: int64
        | [<Unique>] Fps of n: int

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Model _ -> "the saved model (model.dqn) or the trial folder holding it."
                | Out _ -> "the animation to write, FILE.gif or FILE.svg; the Q-per-frame plot goes beside it as FILE-q.svg."
                | Episodes _ -> "episodes to render, one after another (default 1)."
                | Seed _ -> "seed of the start states (default: the model's config seed; the same starts as runner eval)."
                | Fps _ -> "frames per second of the animation (default: the env's own rate)."

    [<HelpFlags("--help", "-h")>]
    type RunnerArg =
        | [<CliPrefix(CliPrefix.None)>] Train of ParseResults<TrainArg>
        | [<CliPrefix(CliPrefix.None)>] Eval of ParseResults<EvalArg>
        | [<CliPrefix(CliPrefix.None)>] Sweep of ParseResults<SweepArg>
        | [<CliPrefix(CliPrefix.None)>] Report of ParseResults<ReportArg>
        | [<CliPrefix(CliPrefix.None)>] Mlflow of ParseResults<MlflowArg>
        | [<CliPrefix(CliPrefix.None)>] Bench of ParseResults<BenchArg>
        | [<CliPrefix(CliPrefix.None)>] Play of ParseResults<PlayArg>
        | [<CliPrefix(CliPrefix.None)>] Render of ParseResults<RenderArg>
        | Version

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Train _ -> "train one config."
                | Eval _ -> "evaluate a saved model."
                | Sweep _ -> "run every trial of a YAML grid."
                | Report _ -> "tables and plots across configs and seeds."
                | Mlflow _ -> "MLflow commands."
                | Bench _ -> "measure the core's speed."
                | Play _ -> "watch a saved model play in the terminal, or team up with it (--assist)."
                | Render _ -> "write a saved model's episode as an animated GIF or SVG, with its Q-per-frame plot."
                | Version -> "print the version."

[<RequireQualifiedAccess>]
module Cli =
    open CliGrammar

    let private nullable (value: 'T option) =
        match value with
        | Some v -> Nullable v
        | None -> Nullable()

    let private orNull (value: string option) : string | null =
        match value with
        | Some v -> v
        | None -> null

    /// Checks Argu cannot express; a failure is raised through Argu so that the message carries
    /// the subcommand's usage like Argu's own errors.
    let private positive (r: ParseResults<'T>) (flag: string) (value: int option) =
        match value with
        | Some v when v <= 0 -> r.Raise($"ERROR: {flag} must be a positive number, got {v}.", showUsage = true)
        | _ -> nullable value

    let private sets (r: ParseResults<'T>) (values: string list) =
        for value in values do
            if value.IndexOf '=' <= 0 then
                r.Raise($"ERROR: --set expects key=value (for example --set gamma=0.99), got '{value}'.", showUsage = true)

        List.toArray values

    let private train (r: ParseResults<TrainArg>) =
        Command.Train
            { Config = r.GetResult TrainArg.Config
              Seed = nullable (r.TryGetResult TrainArg.Seed)
              Sets = sets r (r.GetResults TrainArg.Set)
              Out = orNull (r.TryGetResult TrainArg.Out)
              TrackingUri = orNull (r.TryGetResult TrainArg.Tracking_Uri)
              Quiet = r.Contains TrainArg.Quiet }

    let private eval (r: ParseResults<EvalArg>) =
        Command.Eval
            { Model = r.GetResult EvalArg.Model
              Episodes = positive r "--episodes" (r.TryGetResult EvalArg.Episodes)
              MaxSteps = positive r "--max-steps" (r.TryGetResult EvalArg.Max_Steps)
              Seed = nullable (r.TryGetResult EvalArg.Seed)
              Standard = r.Contains EvalArg.Standard
              Mega = r.Contains EvalArg.Mega
              Out = orNull (r.TryGetResult EvalArg.Out) }

    let private sweep (r: ParseResults<SweepArg>) =
        Command.Sweep
            { Grid = r.GetResult SweepArg.Grid
              Jobs = positive r "--jobs" (r.TryGetResult SweepArg.Jobs)
              Out = orNull (r.TryGetResult SweepArg.Out)
              Sets = sets r (r.GetResults SweepArg.Set)
              DryRun = r.Contains SweepArg.Dry_Run
              Resume = r.Contains SweepArg.Resume
              Yes = r.Contains SweepArg.Yes
              TrackingUri = orNull (r.TryGetResult SweepArg.Tracking_Uri)
              NoReport = r.Contains SweepArg.No_Report
              Quiet = r.Contains SweepArg.Quiet }

    let private play (r: ParseResults<PlayArg>) =
        let assist = r.Contains PlayArg.Assist

        for flag, given in [ "--margin", r.Contains PlayArg.Margin; "--input", r.Contains PlayArg.Input ] do
            if given && not assist then
                r.Raise($"ERROR: {flag} goes with --assist.", showUsage = true)

        let margin = r.TryGetResult PlayArg.Margin

        match margin with
        | Some m when not (Double.IsFinite m) -> r.Raise($"ERROR: --margin must be a finite number, got {m}.", showUsage = true)
        | _ -> ()

        Command.Play
            { Model = r.GetResult PlayArg.Model
              Episodes = positive r "--episodes" (r.TryGetResult PlayArg.Episodes)
              Seed = nullable (r.TryGetResult PlayArg.Seed)
              Fps = positive r "--fps" (r.TryGetResult PlayArg.Fps)
              Assist = assist
              Margin = nullable margin
              Input = orNull (r.TryGetResult PlayArg.Input) }

    let private render (r: ParseResults<RenderArg>) =
        Command.Render
            { Model = r.GetResult RenderArg.Model
              Out = r.GetResult RenderArg.Out
              Episodes = positive r "--episodes" (r.TryGetResult RenderArg.Episodes)
              Seed = nullable (r.TryGetResult RenderArg.Seed)
              Fps = positive r "--fps" (r.TryGetResult RenderArg.Fps) }

    let private toCommand (parser: ArgumentParser<RunnerArg>) (results: ParseResults<RunnerArg>) =
        if results.Contains RunnerArg.Version then
            ShowVersion
        else
            match results.TryGetSubCommand() with
            | Some(RunnerArg.Train r) -> train r
            | Some(RunnerArg.Eval r) -> eval r
            | Some(RunnerArg.Sweep r) -> sweep r
            | Some(RunnerArg.Report r) -> Command.Report { ResultsDir = r.GetResult ReportArg.Results_Dir }
            | Some(RunnerArg.Mlflow r) ->
                match r.GetSubCommand() with
                | MlflowArg.Sync s ->
                    MlflowSync
                        { ResultsDir = s.GetResult SyncArg.Results_Dir
                          TrackingUri = orNull (s.TryGetResult SyncArg.Tracking_Uri) }
            | Some(RunnerArg.Bench r) ->
                Command.Bench
                    { Quick = r.Contains BenchArg.Quick
                      Only = List.toArray (r.GetResults BenchArg.Only) }
            | Some(RunnerArg.Play r) -> play r
            | Some(RunnerArg.Render r) -> render r
            | Some RunnerArg.Version
            | None -> ShowHelp(parser.PrintUsage())

    [<CompiledName("Parse")>]
    let parse (programName: string, argv: string[]) =
        let parser =
            ArgumentParser.Create<RunnerArg>(programName = programName, errorHandler = ExceptionExiter())

        if argv.Length = 0 then
            Parsed(ShowHelp(parser.PrintUsage()))
        else
            try
                let results = parser.ParseCommandLine(inputs = argv, raiseOnUsage = true)
                Parsed(toCommand parser results)
            with
            | :? ArguParseException as e when e.ErrorCode = ErrorCode.HelpText -> Parsed(ShowHelp e.Message)
            | :? ArguParseException as e -> Invalid e.Message
