namespace Lab.CommandLine

open System
open System.Text.RegularExpressions
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
      Best: bool
      Out: string | null }

type SweepArgs =
    { Grid: string
      Jobs: Nullable<int>
      Out: string | null
      Sets: string[]
      Axes: string[]
      Seeds: string | null
      DryRun: bool
      Resume: bool
      Yes: bool
      TrackingUri: string | null
      NoReport: bool
      Quiet: bool
      ShardIndex: Nullable<int>
      ShardCount: Nullable<int>
      Slurm: bool
      SlurmTasks: Nullable<int>
      SlurmOptions: string[] }

type ReportArgs = { ResultsDir: string }

type StatusArgs = { ResultsDir: string }

type SyncArgs =
    { ResultsDir: string
      TrackingUri: string | null }

type BenchArgs = { Quick: bool; Only: string[] }

type ListWhat =
    | Presets = 0
    | Envs = 1
    | Experiments = 2
    | Keys = 3

type Shell =
    | Bash = 0
    | Zsh = 1

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
    | Status of StatusArgs
    | MlflowSync of SyncArgs
    | Bench of BenchArgs
    | List of What: ListWhat
    | Completion of Shell: Shell
    | Play of PlayArgs
    | Render of RenderArgs
    | ShowHelp of Text: string
    | ShowVersion

type CliParse =
    | Parsed of Command
    | Invalid of Message: string

type CompletionSpec =
    { Command: string
      Description: string
      Flags: (string * string * bool) list
      Positional: string }

/// The grammar as Argu templates: one union per (sub)command; case names become flags
/// (`Tracking_Uri` is `--tracking-uri`). Every option that takes a value accepts `--flag=value`
/// too, and every usage text ends with the default, so `--help` shows it.
module internal CliGrammar =
    [<HelpFlags("--help", "-h")>]
    type TrainArg =
        | [<MainCommand; ExactlyOnce>] Config of config: string
        | [<Unique; EqualsAssignmentOrSpaced; AltCommandLine("-s")>] Seed of n: int64
        | [<EqualsAssignmentOrSpaced>] Set of ``key=value``: string
        | [<Unique; EqualsAssignmentOrSpaced; AltCommandLine("-o")>] Out of dir: string
        | [<Unique; EqualsAssignmentOrSpaced>] Tracking_Uri of uri: string
        | [<AltCommandLine("-q")>] Quiet

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Config _ -> "the YAML config to train, e.g. experiments/presets/dqn2.yaml (see: list presets)."
                | Seed _ -> "seed of the run (default: the config's seed, 1 unless it sets one)."
                | Set _ ->
                    "override a config value (repeatable; default: none). Keys as in the config file, sections dotted: "
                    + "--set batch_size=512 or --set epsilon.min=0.01; a bare batch_size=512 after the config works too."
                | Out _ -> "the trial goes under <dir>/<trial id> (default: results/<config name>)."
                | Tracking_Uri _ -> "MLflow tracking URI (default: $MLFLOW_TRACKING_URI; unset: results only on disk)."
                | Quiet -> "no progress output (default: a live display on a terminal, a line every 10 s in a log)."

    [<HelpFlags("--help", "-h")>]
    type EvalArg =
        | [<MainCommand; ExactlyOnce>] Model of model: string
        | [<Unique; EqualsAssignmentOrSpaced>] Episodes of n: int
        | [<Unique; EqualsAssignmentOrSpaced>] Max_Steps of n: int
        | [<Unique; EqualsAssignmentOrSpaced; AltCommandLine("-s")>] Seed of n: int64
        | Standard
        | Mega
        | Best
        | [<Unique; EqualsAssignmentOrSpaced; AltCommandLine("-o")>] Out of dir: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Model _ -> "the saved model (model.dqn) or the trial folder holding it."
                | Episodes _ -> "number of evaluation episodes (default: 100)."
                | Max_Steps _ -> "step cap of each evaluation episode (default: the env's cap, 500 for CartPole-v1)."
                | Seed _ -> "seed of the evaluation start states (default: the trial's seed)."
                | Standard -> "notebook 000's standard test: 10,000 episodes, cap 500 (default: off)."
                | Mega -> "notebook 000's mega test: 10 episodes, cap 500,000 (default: off)."
                | Best -> "the trial's best checkpoint (best.dqn, kept with evaluation.keep_best) instead of model.dqn (default: off)."
                | Out _ -> "folder for the evaluation results (default: the model's folder)."

    [<HelpFlags("--help", "-h")>]
    type SweepArg =
        | [<MainCommand; ExactlyOnce>] Grid of grid: string
        | [<Unique; EqualsAssignmentOrSpaced; AltCommandLine("-j")>] Jobs of n: int
        | [<Unique; EqualsAssignmentOrSpaced; AltCommandLine("-o")>] Out of dir: string
        | [<EqualsAssignmentOrSpaced>] Set of ``key=value``: string
        | [<EqualsAssignmentOrSpaced>] Axis of ``key=v1,v2``: string
        | [<Unique; EqualsAssignmentOrSpaced>] Seeds of ``n|s1,s2``: string
        | [<AltCommandLine("-n")>] Dry_Run
        | Resume
        | [<AltCommandLine("-y")>] Yes
        | [<Unique; EqualsAssignmentOrSpaced>] Tracking_Uri of uri: string
        | No_Report
        | [<AltCommandLine("-q")>] Quiet
        | [<Unique; EqualsAssignmentOrSpaced>] Shard of ``index/count``: string
        | Slurm
        | [<Unique; EqualsAssignmentOrSpaced>] Slurm_Tasks of n: int
        | [<EqualsAssignmentOrSpaced>] Slurm_Option of options: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Grid _ -> "the YAML grid to sweep (see: list experiments), or a train config given --seeds or --axis."
                | Jobs _ ->
                    $"trials run in parallel (default: the number of cores, {Environment.ProcessorCount} here; "
                    + "more than that is capped)."
                | Out _ ->
                    "this sweep's results folder (default: results/<grid name>; results/<grid name>-2, -3, ... "
                    + "when that one holds finished trials of another version of the grid)."
                | Set _ ->
                    "override a config value in every trial (repeatable; default: none), e.g. --set episodes=50 "
                    + "or --set epsilon.min=0.01; a bare episodes=50 after the grid works too."
                | Axis _ ->
                    "vary a config key (repeatable; default: the grid's axes): a new axis, or new values for one of "
                    + "the grid's, e.g. --axis optimizer.learning_rate=1e-3,1e-4; a bare key=v1,v2 works too."
                | Seeds _ -> "replicates per config: a count (5) or a list (1,2,3) (default: the grid's seeds, else 1)."
                | Dry_Run -> "list the trials and the results folder without running anything (default: run)."
                | Resume ->
                    "accepted for scripts: resuming is the default. Finished trials are always kept; "
                    + "only missing, interrupted or errored ones run."
                | Yes -> "allow more than 10,000 trials; it only lifts that limit (default: refuse more)."
                | Tracking_Uri _ -> "MLflow tracking URI (default: $MLFLOW_TRACKING_URI; unset: results only on disk)."
                | No_Report -> "do not write the report at the end (default: write summary.csv, summary.md, report.html)."
                | Quiet -> "no progress output (default: a live display on a terminal, finished trials in a log)."
                | Shard _ ->
                    "run only the trials whose index modulo COUNT is INDEX (0-based: 0/4 to 3/4), claiming each, so "
                    + "that tasks sharing the results folder never run the same trial (default: every trial; "
                    + "see docs/CLUSTER.md)."
                | Slurm ->
                    "submit the sweep to Slurm as one job array (one task per shard) and a report job after it; "
                    + "with --dry-run, print the sbatch script instead (default: run here)."
                | Slurm_Tasks _ -> "with --slurm: the array's tasks (default: one per trial, at most 16)."
                | Slurm_Option _ ->
                    "with --slurm: sbatch options for every task, e.g. \"--partition=cpu --time=02:00:00\" "
                    + "(repeatable; default: none)."

    [<HelpFlags("--help", "-h")>]
    type ReportArg =
        | [<MainCommand; ExactlyOnce>] Results_Dir of results_dir: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Results_Dir _ -> "a results/<experiment> folder, e.g. results/batch-size."

    [<HelpFlags("--help", "-h")>]
    type StatusArg =
        | [<MainCommand; ExactlyOnce>] Results_Dir of results_dir: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Results_Dir _ -> "a results folder, e.g. results/batch-size, while or after its sweep runs."

    [<HelpFlags("--help", "-h")>]
    type SyncArg =
        | [<MainCommand; ExactlyOnce>] Results_Dir of results_dir: string
        | [<Unique; EqualsAssignmentOrSpaced>] Tracking_Uri of uri: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Results_Dir _ -> "a results/<experiment> folder, e.g. results/batch-size."
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
        | [<EqualsAssignmentOrSpaced>] Only of name: string

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Quick -> "fewer iterations (default: the full measurement)."
                | Only _ -> "run only this benchmark: env, network, eval, train or sweep (repeatable; default: all)."

    [<HelpFlags("--help", "-h")>]
    type ListArg =
        | [<CliPrefix(CliPrefix.None)>] Presets
        | [<CliPrefix(CliPrefix.None)>] Envs
        | [<CliPrefix(CliPrefix.None)>] Experiments
        | [<CliPrefix(CliPrefix.None)>] Keys

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Presets -> "the agents in experiments/presets/, to train or to base a grid on."
                | Envs -> "the environments, with their step caps and solved-at returns."
                | Experiments -> "the grids in experiments/, each with its question."
                | Keys -> "every config key with its type and default (for --set and grids)."

    [<HelpFlags("--help", "-h")>]
    type CompletionArg =
        | [<CliPrefix(CliPrefix.None)>] Bash
        | [<CliPrefix(CliPrefix.None)>] Zsh

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Bash -> "for bash: source <(./runner completion bash), or save it in ~/.local/share/bash-completion/completions/runner."
                | Zsh -> "for zsh: source <(./runner completion zsh) in ~/.zshrc, after compinit."

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
                | Seed _ -> "seed of the start states (default: the model's config seed; the same starts as ./runner eval)."
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
                | Seed _ -> "seed of the start states (default: the model's config seed; the same starts as ./runner eval)."
                | Fps _ -> "frames per second of the animation (default: the env's own rate)."

    [<HelpFlags("--help", "-h")>]
    type RunnerArg =
        | [<CliPrefix(CliPrefix.None)>] Train of ParseResults<TrainArg>
        | [<CliPrefix(CliPrefix.None)>] Eval of ParseResults<EvalArg>
        | [<CliPrefix(CliPrefix.None)>] Sweep of ParseResults<SweepArg>
        | [<CliPrefix(CliPrefix.None)>] Report of ParseResults<ReportArg>
        | [<CliPrefix(CliPrefix.None)>] Status of ParseResults<StatusArg>
        | [<CliPrefix(CliPrefix.None)>] Mlflow of ParseResults<MlflowArg>
        | [<CliPrefix(CliPrefix.None)>] Bench of ParseResults<BenchArg>
        | [<CliPrefix(CliPrefix.None)>] List of ParseResults<ListArg>
        | [<CliPrefix(CliPrefix.None)>] Completion of ParseResults<CompletionArg>
        | [<CliPrefix(CliPrefix.None)>] Play of ParseResults<PlayArg>
        | [<CliPrefix(CliPrefix.None)>] Render of ParseResults<RenderArg>
        | [<AltCommandLine("-V")>] Version

        interface IArgParserTemplate with
            member this.Usage =
                match this with
                | Train _ -> "train one config."
                | Eval _ -> "evaluate a saved model."
                | Sweep _ -> "run every trial of a YAML grid."
                | Report _ -> "tables and plots across configs and seeds."
                | Status _ -> "what a sweep has done: done, running, failed and left, per task."
                | Mlflow _ -> "MLflow commands."
                | Bench _ -> "measure the core's speed."
                | List _ -> "list presets, envs, experiments or config keys."
                | Completion _ -> "print the shell completion script for bash or zsh."
                | Play _ -> "watch a saved model play in the terminal, or team up with it (--assist)."
                | Render _ -> "write a saved model's episode as an animated GIF or SVG, with its Q-per-frame plot."
                | Version -> "print the version and the git commit it was built from."

[<RequireQualifiedAccess>]
module Cli =
    open CliGrammar

    [<CompiledName("ProgramName")>]
    let programName = "./runner"

    /// The parser of each command, by the words that name it ("mlflow sync" is two).
    /// Help texts are wrapped at 80 columns whatever the terminal, so docs/CLI.md can show them as they are.
    let private width = 80

    let private commandParsers (programName: string) : (string * ArgumentParser) list =
        let create (name: string) (make: string -> ArgumentParser) = name, make $"{programName} {name}"

        [ create "train" (fun n -> ArgumentParser.Create<TrainArg>(programName = n, usageStringCharacterWidth = width))
          create "eval" (fun n -> ArgumentParser.Create<EvalArg>(programName = n, usageStringCharacterWidth = width))
          create "sweep" (fun n -> ArgumentParser.Create<SweepArg>(programName = n, usageStringCharacterWidth = width))
          create "report" (fun n -> ArgumentParser.Create<ReportArg>(programName = n, usageStringCharacterWidth = width))
          create "status" (fun n -> ArgumentParser.Create<StatusArg>(programName = n, usageStringCharacterWidth = width))
          create "mlflow" (fun n -> ArgumentParser.Create<MlflowArg>(programName = n, usageStringCharacterWidth = width))
          create "mlflow sync" (fun n -> ArgumentParser.Create<SyncArg>(programName = n, usageStringCharacterWidth = width))
          create "bench" (fun n -> ArgumentParser.Create<BenchArg>(programName = n, usageStringCharacterWidth = width))
          create "list" (fun n -> ArgumentParser.Create<ListArg>(programName = n, usageStringCharacterWidth = width))
          create "completion" (fun n -> ArgumentParser.Create<CompletionArg>(programName = n, usageStringCharacterWidth = width)) ]

    let private isFlag (case: ArgumentCaseInfo) =
        not case.IsMainCommand && case.ArgumentType <> ArgumentType.SubCommand

    let private takesValue (case: ArgumentCaseInfo) = case.UnionCaseInfo.GetFields().Length > 0

    /// The flags of a parser, --help included: (every name, takes a value).
    let private flagsOf (parser: ArgumentParser) =
        [ for case in parser.GetArgumentCases() do
              if isFlag case then
                  yield case.CommandLineNames.Value, takesValue case
          yield [ "--help"; "-h" ], false ]

    // ---- before Argu: the habits of other tools ----

    let private keyValue = Regex(@"^[A-Za-z_][A-Za-z0-9_.\-]*=", RegexOptions.CultureInvariant)

    [<CompiledName("SplitValues")>]
    let splitValues (text: string) =
        let parts = ResizeArray<string>()
        let current = Text.StringBuilder()
        let mutable depth = 0
        let mutable quote = ' '

        for c in text do
            match c with
            | '\'' | '"' when quote = ' ' ->
                quote <- c
                current.Append c |> ignore
            | c when c = quote ->
                quote <- ' '
                current.Append c |> ignore
            | '[' | '{' when quote = ' ' ->
                depth <- depth + 1
                current.Append c |> ignore
            | ']' | '}' when quote = ' ' ->
                depth <- depth - 1
                current.Append c |> ignore
            | ',' when quote = ' ' && depth = 0 ->
                parts.Add(current.ToString())
                current.Clear() |> ignore
            | c -> current.Append c |> ignore

        parts.Add(current.ToString())
        List.ofSeq parts

    /// A bare `key=value` after `train` or `sweep` becomes the option it means: --set, or (sweep
    /// only) --axis for several values and --seeds for `seed=1,2,3` / `seeds=N`.
    let private hydraOverrides (command: string) (parser: ArgumentParser) (args: string list) =
        let valueFlags =
            flagsOf parser |> List.filter snd |> List.collect fst |> Set.ofList

        let rec walk (args: string list) =
            match args with
            | [] -> []
            | flag :: value :: rest when valueFlags.Contains flag -> flag :: value :: walk rest
            | token :: rest when not (token.StartsWith "-") && keyValue.IsMatch token ->
                let eq = token.IndexOf '='
                let key, value = token[.. eq - 1], token[eq + 1 ..]
                let several = (splitValues value).Length > 1

                let rewritten =
                    match command with
                    | "sweep" when key = "seeds" || (key = "seed" && several) -> [ "--seeds"; value ]
                    | "sweep" when several -> [ "--axis"; token ]
                    | _ -> [ "--set"; token ]

                rewritten @ walk rest
            | token :: rest -> token :: walk rest

        walk args

    // ---- after Argu: short errors that name the problem ----

    /// Edit distance with adjacent transpositions (optimal string alignment).
    let private distance (a: string) (b: string) =
        let d = Array2D.init (a.Length + 1) (b.Length + 1) (fun i j -> if i = 0 then j elif j = 0 then i else 0)

        for i in 1 .. a.Length do
            for j in 1 .. b.Length do
                let cost = if a[i - 1] = b[j - 1] then 0 else 1
                d[i, j] <- min (min (d[i - 1, j] + 1) (d[i, j - 1] + 1)) (d[i - 1, j - 1] + cost)

                if i > 1 && j > 1 && a[i - 1] = b[j - 2] && a[i - 2] = b[j - 1] then
                    d[i, j] <- min d[i, j] (d[i - 2, j - 2] + 1) // "trian" is one slip from "train"

        d[a.Length, b.Length]

    /// The closest candidate within about a third of the word's length, as "; did you mean 'x'?".
    let private didYouMean (typed: string) (candidates: string list) =
        match candidates |> List.sortBy (distance typed) with
        | best :: _ when distance typed best <= max 1 (min 3 (typed.Length / 3)) -> $"; did you mean '{best}'?"
        | _ -> ""

    /// "USAGE: ./runner train [--help] ... <config>" without the option list.
    let private synopsis (parser: ArgumentParser) =
        parser.PrintCommandLineSyntax(usageStringCharacterWidth = 100)

    let private errorLine (message: string) =
        let first = (message.Split('\n')[0]).Trim()
        let text = if first.StartsWith "ERROR: " then first.Substring 7 else first
        text.TrimEnd('.')

    /// One line of error, one line of usage, and where the rest is.
    let private invalid (programName: string) (command: string option) (parser: ArgumentParser) (error: string) =
        let help =
            match command with
            | Some c -> $"{programName} {c} --help"
            | None -> $"{programName} --help"

        Invalid $"error: {error}\nusage: {synopsis parser}\nSee '{help}' for every option and its default."

    /// Argu's message, with a suggestion for a mistyped flag, command or word.
    let private explain (parser: ArgumentParser) (isTop: bool) (message: string) =
        let line = errorLine message
        let unrecognized = Regex.Match(line, @"^unrecognized argument: '(.*)'$")

        if unrecognized.Success then
            let token = unrecognized.Groups[1].Value

            let words =
                [ for case in parser.GetArgumentCases() do
                      if not case.IsMainCommand && not (case.CommandLineNames.Value.Head.StartsWith "-") then
                          yield! case.CommandLineNames.Value ]

            if token.StartsWith "-" then
                $"unknown option '{token}'" + didYouMean token (flagsOf parser |> List.collect fst)
            elif isTop then
                $"unknown command '{token}'" + didYouMean token (words @ [ "help" ])
            elif not words.IsEmpty then
                let choices = String.Join(", ", words)
                $"unknown choice '{token}' (one of {choices})" + didYouMean token words
            else
                $"unexpected argument '{token}' (one positional argument is taken; options start with -)"
        else
            line

    // ---- Argu's results to the C# records ----

    let private nullable (value: 'T option) =
        match value with
        | Some v -> Nullable v
        | None -> Nullable()

    let private orNull (value: string option) : string | null =
        match value with
        | Some v -> v
        | None -> null

    /// Checks Argu cannot express; a failure is raised through Argu like Argu's own errors.
    let private positive (r: ParseResults<'T>) (flag: string) (value: int option) =
        match value with
        | Some v when v <= 0 -> r.Raise($"{flag} must be a positive number, got {v}", showUsage = false)
        | _ -> nullable value

    let private pairs (r: ParseResults<'T>) (flag: string) (example: string) (values: string list) =
        for value in values do
            if value.IndexOf '=' <= 0 then
                r.Raise($"{flag} expects {example}, got '{value}'", showUsage = false)

        List.toArray values

    let private train (programName: string) (r: ParseResults<TrainArg>) =
        let sets = pairs r "--set" "key=value (for example --set gamma=0.99)" (r.GetResults TrainArg.Set)

        match sets |> Array.tryFind (fun s -> (splitValues (s.Substring(s.IndexOf '=' + 1))).Length > 1) with
        | Some several ->
            r.Raise(
                $"'{several}' gives several values, but train runs one config; sweep them with "
                + $"{programName} sweep {r.GetResult TrainArg.Config} {several}",
                showUsage = false
            )
        | None -> ()

        Command.Train
            { Config = r.GetResult TrainArg.Config
              Seed = nullable (r.TryGetResult TrainArg.Seed)
              Sets = sets
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
              Best = r.Contains EvalArg.Best
              Out = orNull (r.TryGetResult EvalArg.Out) }

    /// `--shard INDEX/COUNT`, 0-based as Slurm's $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT under --array=0-(COUNT-1).
    let private shard (r: ParseResults<SweepArg>) =
        match r.TryGetResult SweepArg.Shard with
        | None -> Nullable(), Nullable()
        | Some text ->
            let m = Regex.Match(text.Trim(), @"^([0-9]{1,9})/([0-9]{1,9})$")

            if not m.Success then
                r.Raise($"--shard expects INDEX/COUNT, 0-based (0/4 to 3/4 for four tasks), got '{text}'", showUsage = false)

            let index, count = int m.Groups[1].Value, int m.Groups[2].Value

            if count < 1 then
                r.Raise($"--shard {text}: the count must be at least 1", showUsage = false)

            if index >= count then
                r.Raise($"--shard {text}: the index must be below the count (0-based: 0/{count} to {count - 1}/{count})", showUsage = false)

            Nullable index, Nullable count

    let private sweep (r: ParseResults<SweepArg>) =
        let shardIndex, shardCount = shard r
        let slurm = r.Contains SweepArg.Slurm

        if slurm && shardIndex.HasValue then
            r.Raise("--shard and --slurm do not go together: --slurm submits one task per shard", showUsage = false)

        for flag, given in [ "--slurm-tasks", r.Contains SweepArg.Slurm_Tasks; "--slurm-option", r.Contains SweepArg.Slurm_Option ] do
            if given && not slurm then
                r.Raise($"{flag} goes with --slurm", showUsage = false)

        Command.Sweep
            { Grid = r.GetResult SweepArg.Grid
              Jobs = positive r "--jobs" (r.TryGetResult SweepArg.Jobs)
              Out = orNull (r.TryGetResult SweepArg.Out)
              Sets = pairs r "--set" "key=value (for example --set gamma=0.99)" (r.GetResults SweepArg.Set)
              Axes = pairs r "--axis" "key=v1,v2 (for example --axis batch_size=64,512)" (r.GetResults SweepArg.Axis)
              Seeds = orNull (r.TryGetResult SweepArg.Seeds)
              DryRun = r.Contains SweepArg.Dry_Run
              Resume = r.Contains SweepArg.Resume
              Yes = r.Contains SweepArg.Yes
              TrackingUri = orNull (r.TryGetResult SweepArg.Tracking_Uri)
              NoReport = r.Contains SweepArg.No_Report
              Quiet = r.Contains SweepArg.Quiet
              ShardIndex = shardIndex
              ShardCount = shardCount
              Slurm = slurm
              SlurmTasks = positive r "--slurm-tasks" (r.TryGetResult SweepArg.Slurm_Tasks)
              SlurmOptions = List.toArray (r.GetResults SweepArg.Slurm_Option) }

    /// Exactly one of a command's word flags (`list presets`, `completion bash`).
    let private oneOf (r: ParseResults<'T>) (choices: ('T * 'V) list) (what: string) =
        match r.GetAllResults() |> List.distinct with
        | [ one ] -> choices |> List.find (fun (case, _) -> case = one) |> snd
        | [] -> r.Raise($"say which {what}", showUsage = false)
        | _ -> r.Raise($"give one {what}, not several", showUsage = false)

    let private play (r: ParseResults<PlayArg>) =
        let assist = r.Contains PlayArg.Assist

        for flag, given in [ "--margin", r.Contains PlayArg.Margin; "--input", r.Contains PlayArg.Input ] do
            if given && not assist then
                r.Raise($"{flag} goes with --assist", showUsage = false)

        let margin = r.TryGetResult PlayArg.Margin

        match margin with
        | Some m when not (Double.IsFinite m) -> r.Raise($"--margin must be a finite number, got {m}", showUsage = false)
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

    let private toCommand (programName: string) (parser: ArgumentParser<RunnerArg>) (results: ParseResults<RunnerArg>) =
        if results.Contains RunnerArg.Version then
            ShowVersion
        else
            match results.TryGetSubCommand() with
            | Some(RunnerArg.Train r) -> train programName r
            | Some(RunnerArg.Eval r) -> eval r
            | Some(RunnerArg.Sweep r) -> sweep r
            | Some(RunnerArg.Report r) -> Command.Report { ResultsDir = r.GetResult ReportArg.Results_Dir }
            | Some(RunnerArg.Status r) -> Command.Status { ResultsDir = r.GetResult StatusArg.Results_Dir }
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
            | Some(RunnerArg.List r) ->
                Command.List(
                    oneOf
                        r
                        [ ListArg.Presets, ListWhat.Presets
                          ListArg.Envs, ListWhat.Envs
                          ListArg.Experiments, ListWhat.Experiments
                          ListArg.Keys, ListWhat.Keys ]
                        "list (presets, envs, experiments or keys)"
                )
            | Some(RunnerArg.Completion r) ->
                Command.Completion(oneOf r [ CompletionArg.Bash, Shell.Bash; CompletionArg.Zsh, Shell.Zsh ] "shell (bash or zsh)")
            | Some(RunnerArg.Play r) -> play r
            | Some(RunnerArg.Render r) -> render r
            | Some RunnerArg.Version
            | None -> ShowHelp(parser.PrintUsage())

    /// The command the arguments name, as the words of `commandParsers` ("mlflow sync"), if any.
    let private commandOf (argv: string list) =
        match argv with
        | "mlflow" :: "sync" :: _ -> Some "mlflow sync"
        | first :: _ when List.contains first [ "train"; "eval"; "sweep"; "report"; "status"; "mlflow"; "bench"; "list"; "completion" ] ->
            Some first
        | _ -> None

    [<CompiledName("Parse")>]
    let parse (programName: string, argv: string[]) =
        let parser =
            ArgumentParser.Create<RunnerArg>(programName = programName, usageStringCharacterWidth = width, errorHandler = ExceptionExiter())

        let parsers = commandParsers programName

        // `runner help [COMMAND...]` is `runner [COMMAND...] --help`, like git and cargo.
        let argv =
            match List.ofArray argv with
            | "help" :: rest -> rest @ [ "--help" ]
            | args -> args

        let command = commandOf argv

        let argv =
            match command, argv with
            | Some("train" | "sweep" as name), first :: rest ->
                first :: hydraOverrides name (parsers |> List.find (fun (n, _) -> n = name) |> snd) rest
            | _ -> argv

        let commandParser =
            match command with
            | Some name -> parsers |> List.find (fun (n, _) -> n = name) |> snd
            | None -> parser :> ArgumentParser

        if argv.IsEmpty then
            Parsed(ShowHelp(parser.PrintUsage()))
        else
            try
                let results = parser.ParseCommandLine(inputs = Array.ofList argv, raiseOnUsage = true)
                Parsed(toCommand programName parser results)
            with
            | :? ArguParseException as e when e.ErrorCode = ErrorCode.HelpText -> Parsed(ShowHelp e.Message)
            | :? ArguParseException as e -> invalid programName command commandParser (explain commandParser command.IsNone e.Message)

    [<CompiledName("CompletionSpecs")>]
    let completionSpecs () =
        let top = ArgumentParser.Create<RunnerArg>(programName = programName)

        let description (name: string) =
            let parent, word =
                match name.Split ' ' with
                | [| "mlflow"; word |] -> (ArgumentParser.Create<MlflowArg>() :> ArgumentParser), word
                | _ -> (top :> ArgumentParser), name

            parent.GetArgumentCases()
            |> Seq.find (fun c -> c.CommandLineNames.Value.Head = word)
            |> fun c -> c.Description.Value

        let positional =
            function
            | "train"
            | "sweep" -> "yaml"
            | "eval" -> "model"
            | "report"
            | "status"
            | "mlflow sync" -> "dir"
            | "mlflow" -> "sync"
            | "list" -> "presets envs experiments keys"
            | "completion" -> "bash zsh"
            | _ -> "none"

        [ for name, parser in commandParsers programName do
              let words =
                  [ for case in parser.GetArgumentCases() do
                        if not case.IsMainCommand && case.CommandLineNames.Value.Head.[0] <> '-' then
                            yield! case.CommandLineNames.Value ]

              let flags =
                  [ for case in parser.GetArgumentCases() do
                        if isFlag case && case.CommandLineNames.Value.Head.[0] = '-' then
                            for flag in case.CommandLineNames.Value do
                                yield flag, case.Description.Value, takesValue case
                    yield "--help", "display this list of options.", false ]

              yield
                  { Command = name
                    Description = description name
                    Flags = flags
                    Positional = if words.IsEmpty then positional name else String.Join(" ", words) } ]
