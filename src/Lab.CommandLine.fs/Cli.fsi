/// The `runner` command line: the grammar (Argu templates, in Cli.fs) and C#-friendly results.
/// Absent options are null strings, empty arrays or empty Nullables, never F# options, so the C#
/// shell can consume them directly.
///
/// Besides Argu's own syntax the parser accepts the habits of CleanRL, rl-zoo and Hydra users:
/// `--seed=3` as well as `--seed 3`; a bare `key=value` after `train` or `sweep` is `--set key=value`;
/// after `sweep`, a bare `key=v1,v2` is `--axis key=v1,v2` and `seed=1,2,3` or `seeds=5` is `--seeds`;
/// `runner help [COMMAND]` is `runner [COMMAND] --help`.
namespace Lab.CommandLine

open System

/// `runner train CONFIG [key=value]... [--seed N] [--set key=value]... [--out DIR] [--tracking-uri URI] [--quiet]`
type TrainArgs =
    { /// Path of the YAML config.
      Config: string
      /// Overrides the config's seed.
      Seed: Nullable<int64>
      /// Overrides, each "dotted.key=value", in command-line order (bare `key=value` and `--set` alike).
      Sets: string[]
      /// Folder the trial goes under (as DIR/<trial id>); null when absent (then results/<config name>).
      Out: string | null
      /// MLflow tracking URI; null when absent.
      TrackingUri: string | null
      /// No progress output.
      Quiet: bool }

/// `runner eval MODEL [--episodes N] [--max-steps N] [--seed N] [--standard] [--mega] [--best] [--out DIR]`
type EvalArgs =
    { /// Path of the saved model (or of a trial folder holding one).
      Model: string
      /// Number of evaluation episodes.
      Episodes: Nullable<int>
      /// Step cap for evaluation episodes.
      MaxSteps: Nullable<int>
      /// Seed of the evaluation start states.
      Seed: Nullable<int64>
      /// The standard evaluation protocol.
      Standard: bool
      /// The long ("mega") evaluation protocol.
      Mega: bool
      /// Evaluate the trial's best checkpoint (best.dqn) instead of its final model.
      Best: bool
      /// Output folder; null when absent.
      Out: string | null }

/// `runner sweep GRID [key=value | key=v1,v2]... [--jobs N] [--out DIR] [--set key=value]...
/// [--axis key=v1,v2]... [--seeds N|S1,S2,...] [--dry-run] [--resume] [--yes] [--tracking-uri URI]
/// [--no-report] [--quiet] [--shard I/N] [--slurm [--slurm-tasks N] [--slurm-option OPTS]...]`
type SweepArgs =
    { /// Path of the YAML grid (or of a train config, when the command line gives it seeds or axes).
      Grid: string
      /// Trials run in parallel; empty when absent (then the number of cores).
      Jobs: Nullable<int>
      /// This sweep's results folder; null when absent (then results/<grid name>).
      Out: string | null
      /// Overrides applied to every trial, each "key=value" (sections dotted: "epsilon.min=0.01").
      Sets: string[]
      /// Axes from the command line, each "key=v1,v2,..." (commas inside [] or {} do not split):
      /// a new axis after the grid's own, or new values for an axis the grid has.
      Axes: string[]
      /// Replaces the grid's `seeds:`: a count ("5") or a list ("1,2,3"); null when absent.
      Seeds: string | null
      /// List the trials without running them.
      DryRun: bool
      /// Accepted for scripts; resuming is the default (finished trials are kept, only missing,
      /// interrupted or errored ones run).
      Resume: bool
      /// Lift the limit of 10,000 trials (nothing else).
      Yes: bool
      /// MLflow tracking URI; null when absent.
      TrackingUri: string | null
      /// Do not write the report at the end.
      NoReport: bool
      /// No progress output.
      Quiet: bool
      /// `--shard INDEX/COUNT`: this task's index, 0-based (0 to COUNT-1); empty when absent (every trial).
      ShardIndex: Nullable<int>
      /// `--shard INDEX/COUNT`: the number of shards; empty when absent.
      ShardCount: Nullable<int>
      /// Submit to Slurm (with DryRun: print the sbatch script).
      Slurm: bool
      /// With Slurm: the array's tasks; empty when absent.
      SlurmTasks: Nullable<int>
      /// With Slurm: sbatch options, each a string of one or more shell words.
      SlurmOptions: string[] }

/// `runner report RESULTS_DIR`
type ReportArgs =
    { /// A results/<experiment> folder.
      ResultsDir: string }

/// `runner status RESULTS_DIR`
type StatusArgs =
    { /// A results/<experiment> folder.
      ResultsDir: string }

/// `runner mlflow sync RESULTS_DIR [--tracking-uri URI]`
type SyncArgs =
    { /// A results/<experiment> folder.
      ResultsDir: string
      /// MLflow tracking URI; null when absent (then MLFLOW_TRACKING_URI applies).
      TrackingUri: string | null }

/// `runner play MODEL [--episodes N] [--seed N] [--fps F] [--assist [--margin M] [--input FILE]]`
type PlayArgs =
    { /// Path of the saved model (or of a trial folder holding one).
      Model: string
      /// Episodes to play; empty when absent (then 1).
      Episodes: Nullable<int>
      /// Seed of the start states; empty when absent (then the model's config seed).
      Seed: Nullable<int64>
      /// Frames per second; empty when absent (then the env's own rate on a terminal, no waiting otherwise).
      Fps: Nullable<int>
      /// Notebook 001's team-up: a person chooses whenever the agent's max Q drops below the threshold.
      Assist: bool
      /// The threshold is the initial max Q minus this; empty when absent (then 0.2).
      Margin: Nullable<float>
      /// A file of keys to read instead of the keyboard; null when absent.
      Input: string | null }

/// `runner render MODEL --out FILE.gif|FILE.svg [--episodes N] [--seed N] [--fps F]`
type RenderArgs =
    { /// Path of the saved model (or of a trial folder holding one).
      Model: string
      /// The animation to write: .gif or .svg (the Q plot goes beside it).
      Out: string
      /// Episodes to render; empty when absent (then 1).
      Episodes: Nullable<int>
      /// Seed of the start states; empty when absent (then the model's config seed).
      Seed: Nullable<int64>
      /// Frames per second of the animation; empty when absent (then the env's own rate).
      Fps: Nullable<int> }

/// `runner bench [--quick] [--only NAME]...`
type BenchArgs =
    { /// Fewer iterations.
      Quick: bool
      /// Benchmarks to run (all when empty).
      Only: string[] }

/// What `runner list` lists.
type ListWhat =
    /// experiments/presets/*.yaml: the agents of the notebooks and reference implementations.
    | Presets = 0
    /// The registered environments (Lab.Core.Environments).
    | Envs = 1
    /// experiments/*.yaml: the grids.
    | Experiments = 2
    /// Every config key with its type and default.
    | Keys = 3

/// The shells `runner completion` writes a script for.
type Shell =
    | Bash = 0
    | Zsh = 1

/// What the command line asks for.
type Command =
    | Train of TrainArgs
    | Eval of EvalArgs
    | Sweep of SweepArgs
    | Report of ReportArgs
    /// `runner status RESULTS_DIR`: done, running, failed and left, per task.
    | Status of StatusArgs
    | MlflowSync of SyncArgs
    | Bench of BenchArgs
    /// `runner list presets|envs|experiments|keys`.
    | List of What: ListWhat
    /// `runner completion bash|zsh`: print the shell's completion script.
    | Completion of Shell: Shell
    /// `runner play MODEL`: watch (or, with --assist, team up with) a trained agent.
    | Play of PlayArgs
    /// `runner render MODEL --out FILE`: an animated SVG or GIF of greedy episodes and their Q plot.
    | Render of RenderArgs
    /// `--help` anywhere, `runner help [COMMAND]`, or no arguments: print `text` and exit 0.
    | ShowHelp of Text: string
    /// `--version`: print the version and exit 0.
    | ShowVersion

/// The outcome of parsing.
type CliParse =
    | Parsed of Command
    /// The error (naming the offending argument, with a suggestion where one is close), the
    /// command's one-line usage and where to find the rest; exit code 2.
    | Invalid of Message: string

/// What a shell completes for one command (from the grammar, for `runner completion`).
type CompletionSpec =
    { /// "train", "mlflow sync", ...
      Command: string
      /// One line of help.
      Description: string
      /// Every flag with its aliases ("--seed", "-s", ...), each with its help line and whether it takes a value.
      Flags: (string * string * bool) list
      /// What the positional argument is: "yaml", "model", "dir", "none" or a list of words ("presets envs ...").
      Positional: string }

[<RequireQualifiedAccess>]
module Cli =
    /// How the runner is called in usage texts and hints: `./runner`, as the README says.
    [<CompiledName("ProgramName")>]
    val programName: string

    /// Parses `argv` (without the program name); `programName` appears in usage texts and hints.
    /// Never throws for bad input: errors come back as `Invalid`.
    [<CompiledName("Parse")>]
    val parse: programName: string * argv: string[] -> CliParse

    /// Every command and subcommand with its flags, in help order (the basis of the completion scripts).
    [<CompiledName("CompletionSpecs")>]
    val completionSpecs: unit -> CompletionSpec list

    /// Splits "v1,v2,[1,2]" at the commas outside brackets, braces and quotes: ["v1"; "v2"; "[1,2]"].
    [<CompiledName("SplitValues")>]
    val splitValues: text: string -> string list
