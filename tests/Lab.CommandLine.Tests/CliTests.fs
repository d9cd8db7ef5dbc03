module Lab.CommandLine.Tests.CliTests

open System
open Lab.CommandLine
open Xunit

let private parse (line: string) =
    Cli.parse ("runner", line.Split(' ', StringSplitOptions.RemoveEmptyEntries))

let private parsed line =
    match parse line with
    | Parsed command -> command
    | Invalid message -> failwith $"'{line}' did not parse:\n{message}"

let private invalid line =
    match parse line with
    | Invalid message -> message
    | Parsed command -> failwith $"'{line}' parsed as {command}"

[<Fact>]
let ``train with every option`` () =
    match parsed "train experiments/x.yaml --seed 42 --set batch_size=512 --set env.max_steps=1000 --out runs --tracking-uri http://localhost:5000 --quiet" with
    | Train args ->
        Assert.Equal("experiments/x.yaml", args.Config)
        Assert.Equal(Nullable 42L, args.Seed)
        Assert.Equal<string[]>([| "batch_size=512"; "env.max_steps=1000" |], args.Sets)
        Assert.Equal("runs", args.Out)
        Assert.Equal("http://localhost:5000", args.TrackingUri)
        Assert.True(args.Quiet)
    | other -> failwith $"{other}"

[<Fact>]
let ``train with only the config: absent options are null, empty or false`` () =
    match parsed "train x.yaml" with
    | Train args ->
        Assert.Equal("x.yaml", args.Config)
        Assert.False(args.Seed.HasValue)
        Assert.Empty(args.Sets)
        Assert.Null(args.Out)
        Assert.Null(args.TrackingUri)
        Assert.False(args.Quiet)
    | other -> failwith $"{other}"

[<Fact>]
let ``options may come before the positional argument`` () =
    match parsed "train --seed 7 x.yaml" with
    | Train args -> Assert.Equal(("x.yaml", Nullable 7L), (args.Config, args.Seed))
    | other -> failwith $"{other}"

[<Fact>]
let ``eval`` () =
    match parsed "eval results/x/t1/model.dqn --episodes 100 --max-steps 10000 --seed 3 --standard --mega --out evals" with
    | Eval args ->
        Assert.Equal("results/x/t1/model.dqn", args.Model)
        Assert.Equal(Nullable 100, args.Episodes)
        Assert.Equal(Nullable 10000, args.MaxSteps)
        Assert.Equal(Nullable 3L, args.Seed)
        Assert.True(args.Standard)
        Assert.True(args.Mega)
        Assert.Equal("evals", args.Out)
    | other -> failwith $"{other}"

    match parsed "eval m.dqn" with
    | Eval args ->
        Assert.False(args.Episodes.HasValue || args.MaxSteps.HasValue || args.Seed.HasValue)
        Assert.False(args.Standard || args.Mega)
        Assert.Null(args.Out)
    | other -> failwith $"{other}"

[<Fact>]
let ``sweep with every option`` () =
    match parsed "sweep experiments/batch.yaml --jobs 2 --out r --set episodes=50 --set a.b=c --dry-run --resume --yes --tracking-uri file:./mlruns --no-report --quiet" with
    | Sweep args ->
        Assert.Equal("experiments/batch.yaml", args.Grid)
        Assert.Equal(Nullable 2, args.Jobs)
        Assert.Equal("r", args.Out)
        Assert.Equal<string[]>([| "episodes=50"; "a.b=c" |], args.Sets)
        Assert.True(args.DryRun && args.Resume && args.Yes && args.NoReport && args.Quiet)
        Assert.Equal("file:./mlruns", args.TrackingUri)
    | other -> failwith $"{other}"

    match parsed "sweep g.yaml" with
    | Sweep args ->
        Assert.False(args.Jobs.HasValue)
        Assert.Empty(args.Sets)
        Assert.False(args.DryRun || args.Resume || args.Yes || args.NoReport || args.Quiet)
        Assert.Null(args.Out)
        Assert.Null(args.TrackingUri)
    | other -> failwith $"{other}"

[<Fact>]
let ``report, mlflow sync and bench`` () =
    Assert.Equal(Report { ResultsDir = "results/batch" }, parsed "report results/batch")
    Assert.Equal(MlflowSync { ResultsDir = "results/batch"; TrackingUri = null }, parsed "mlflow sync results/batch")

    Assert.Equal(
        MlflowSync
            { ResultsDir = "results/batch"
              TrackingUri = "http://mlflow:5000" },
        parsed "mlflow sync results/batch --tracking-uri http://mlflow:5000"
    )

    match parsed "bench --quick --only cartpole --only update" with
    | Bench args ->
        Assert.True(args.Quick)
        Assert.Equal<string[]>([| "cartpole"; "update" |], args.Only)
    | other -> failwith $"{other}"

    match parsed "bench" with
    | Bench args ->
        Assert.False(args.Quick)
        Assert.Empty(args.Only)
    | other -> failwith $"{other}"

[<Fact>]
let ``--version`` () = Assert.Equal(ShowVersion, parsed "--version")

[<Fact>]
let ``no arguments, --help and a subcommand's --help show usage`` () =
    for line, mentions in
        [ "", "train"
          "--help", "sweep"
          "train --help", "--tracking-uri"
          "sweep --help", "--dry-run"
          "mlflow sync --help", "--tracking-uri" ] do
        match parsed line with
        | ShowHelp text ->
            Assert.Contains("runner", text)
            Assert.Contains(mentions, text)
        | other -> failwith $"'{line}' gave {other}"

[<Fact>]
let ``an unknown flag is invalid and the message names it`` () =
    let message = invalid "train x.yaml --sed 3"
    Assert.Contains("--sed", message)
    Assert.Contains("--seed", message) // the usage follows the error

[<Fact>]
let ``an unknown command is invalid`` () = Assert.Contains("trian", invalid "trian x.yaml")

[<Fact>]
let ``missing positional arguments are invalid`` () =
    Assert.Contains("config", invalid "train --quiet")
    invalid "report" |> ignore
    invalid "mlflow" |> ignore
    invalid "mlflow sync" |> ignore

[<Fact>]
let ``bad values are invalid and say why`` () =
    Assert.Contains("--seed", invalid "train x.yaml --seed many")
    Assert.Contains("--jobs", invalid "sweep g.yaml --jobs 0")
    Assert.Contains("--episodes", invalid "eval m.dqn --episodes -3")
    Assert.Contains("key=value", invalid "train x.yaml --set batch_size")
    Assert.Contains("key=value", invalid "sweep g.yaml --set =3")

[<Fact>]
let ``-h is --help`` () =
    match parsed "sweep -h" with
    | ShowHelp text -> Assert.Contains("--dry-run", text)
    | other -> failwith $"{other}"

[<Fact>]
let ``an error is one line, the command's usage and where the help is, not the whole help`` () =
    let message = invalid "sweep g.yaml --jobs 0"
    let lines = message.Split('\n')
    Assert.Equal("error: --jobs must be a positive number, got 0", lines[0])
    Assert.StartsWith("usage: runner sweep [--help]", lines[1])
    Assert.Contains("--dry-run", message) // in the usage line
    Assert.Equal("See 'runner sweep --help' for every option and its default.", Array.last lines)
    Assert.DoesNotContain("resuming is the default", message) // an option's help text
    Assert.True(lines.Length <= 6, message)

[<Fact>]
let ``the help says where results go and what the defaults are`` () =
    // Argu wraps the texts to the terminal's width.
    let help line =
        match parsed line with
        | ShowHelp text -> Text.RegularExpressions.Regex.Replace(text, @"\s+", " ")
        | other -> failwith $"'{line}' gave {other}"

    let train = help "train --help"
    Assert.Contains("<dir>/<trial id>", train)
    Assert.Contains("results/<config name>", train)
    let sweep = help "sweep --help"
    Assert.Contains("results/<grid name>", sweep)
    Assert.Contains("number of cores", sweep)
    Assert.Contains("resuming is the default", sweep)
    Assert.Contains("only lifts that limit", sweep)
    Assert.Contains("10,000", sweep)
    Assert.DoesNotContain("training.", train + sweep)

[<Fact>]
let ``the --set error's example uses a real key`` () =
    let message = invalid "train x.yaml --set batch_size"
    Assert.Contains("--set gamma=0.99", message)
    Assert.DoesNotContain("training.", message)

[<Fact>]
let ``--flag=value works for every option that takes a value, and the error names the right argument`` () =
    match parsed "train --seed=3 x.yaml --out=runs --set=gamma=0.9 --tracking-uri=http://h:5000" with
    | Train args ->
        Assert.Equal(Nullable 3L, args.Seed)
        Assert.Equal("runs", args.Out)
        Assert.Equal("http://h:5000", args.TrackingUri)
        Assert.Equal<string[]>([| "gamma=0.9" |], args.Sets)
    | other -> failwith $"{other}"

    match parsed "sweep g.yaml --jobs=2 --seeds=3 --axis=batch_size=64,512 --out=o" with
    | Sweep args ->
        Assert.Equal(Nullable 2, args.Jobs)
        Assert.Equal("3", args.Seeds)
        Assert.Equal("o", args.Out)
    | other -> failwith $"{other}"

    match parsed "eval m.dqn --episodes=5 --max-steps=7 --seed=2 --out=e" with
    | Eval args ->
        Assert.Equal((Nullable 5, Nullable 7, Nullable 2L), (args.Episodes, args.MaxSteps, args.Seed))
        Assert.Equal("e", args.Out)
    | other -> failwith $"{other}"

    let message = invalid "train a.yaml --seed=x"
    Assert.StartsWith("error: argument '--seed=x'", message)

[<Fact>]
let ``short flags`` () =
    match parsed "train x.yaml -s 4 -o runs -q" with
    | Train args ->
        Assert.Equal((Nullable 4L, true), (args.Seed, args.Quiet))
        Assert.Equal("runs", args.Out)
    | other -> failwith $"{other}"

    match parsed "sweep g.yaml -j 2 -o r -n -y -q" with
    | Sweep args -> Assert.True(args.Jobs = Nullable 2 && args.Out = "r" && args.DryRun && args.Yes && args.Quiet)
    | other -> failwith $"{other}"

    match parsed "eval m.dqn -s 9 -o e" with
    | Eval args ->
        Assert.Equal(Nullable 9L, args.Seed)
        Assert.Equal("e", args.Out)
    | other -> failwith $"{other}"

    Assert.Equal(ShowVersion, parsed "-V")

[<Fact>]
let ``a bare key=value after train is --set, in command-line order`` () =
    match parsed "train x.yaml gamma=0.9 --set batch_size=512 epsilon.min=0.01 network.hidden=[64,64]" with
    | Train args -> Assert.Equal<string[]>([| "gamma=0.9"; "batch_size=512"; "epsilon.min=0.01"; "network.hidden=[64,64]" |], args.Sets)
    | other -> failwith $"{other}"

    // The value of a flag is never taken for an override.
    match parsed "train x.yaml --out a=b" with
    | Train args ->
        Assert.Equal("a=b", args.Out)
        Assert.Empty(args.Sets)
    | other -> failwith $"{other}"

[<Fact>]
let ``several values after train point to sweep with the same words`` () =
    let message = invalid "train x.yaml gamma=0.9,0.99"
    Assert.StartsWith("error: 'gamma=0.9,0.99' gives several values, but train runs one config; sweep them with runner sweep x.yaml gamma=0.9,0.99", message)

[<Fact>]
let ``after sweep, key=v1,v2 is an axis, seed=1,2,3 and seeds=N are the seeds, key=value is --set`` () =
    match parsed "sweep g.yaml optimizer.learning_rate=1e-3,1e-4 seed=1,2,3 episodes=50 network.hidden=[64,64],[32,32] name=x" with
    | Sweep args ->
        Assert.Equal<string[]>([| "optimizer.learning_rate=1e-3,1e-4"; "network.hidden=[64,64],[32,32]" |], args.Axes)
        Assert.Equal("1,2,3", args.Seeds)
        Assert.Equal<string[]>([| "episodes=50"; "name=x" |], args.Sets)
    | other -> failwith $"{other}"

    match parsed "sweep g.yaml seeds=5 network.hidden=[64,64] seed=4" with
    | Sweep args ->
        Assert.Equal("5", args.Seeds)
        Assert.Equal<string[]>([| "network.hidden=[64,64]"; "seed=4" |], args.Sets) // one list is one value; one seed is the base seed
        Assert.Empty(args.Axes)
    | other -> failwith $"{other}"

[<Fact>]
let ``values split at commas outside brackets, braces and quotes`` () =
    Assert.Equal<string list>([ "1e-3"; "1e-4" ], Cli.splitValues "1e-3,1e-4")
    Assert.Equal<string list>([ "[64,64]"; "[32]" ], Cli.splitValues "[64,64],[32]")
    Assert.Equal<string list>([ "{mode: steps, every: 5}"; "none" ], Cli.splitValues "{mode: steps, every: 5},none")
    Assert.Equal<string list>([ "'a,b'"; "c" ], Cli.splitValues "'a,b',c")
    Assert.Equal<string list>([ "x" ], Cli.splitValues "x")

[<Fact>]
let ``runner help is --help and exits like it`` () =
    for line, mentions in [ "help", "completion"; "help sweep", "--axis"; "help mlflow sync", "--tracking-uri" ] do
        match parsed line with
        | ShowHelp text -> Assert.Contains(mentions, text)
        | other -> failwith $"'{line}' gave {other}"

[<Fact>]
let ``list and completion name what they take`` () =
    Assert.Equal(List ListWhat.Presets, parsed "list presets")
    Assert.Equal(List ListWhat.Envs, parsed "list envs")
    Assert.Equal(List ListWhat.Experiments, parsed "list experiments")
    Assert.Equal(List ListWhat.Keys, parsed "list keys")
    Assert.Equal(Completion Shell.Bash, parsed "completion bash")
    Assert.Equal(Completion Shell.Zsh, parsed "completion zsh")
    Assert.StartsWith("error: say which list", invalid "list")
    Assert.StartsWith("error: unknown choice 'presetz' (one of presets, envs, experiments, keys); did you mean 'presets'?", invalid "list presetz")
    Assert.StartsWith("error: give one shell", invalid "completion bash zsh")

[<Fact>]
let ``mistyped commands and options get a suggestion`` () =
    Assert.StartsWith("error: unknown command 'trian'; did you mean 'train'?", invalid "trian x.yaml")
    Assert.StartsWith("error: unknown option '--sed'; did you mean '--seed'?", invalid "train x.yaml --sed 3")
    Assert.StartsWith("error: unknown option '--dryrun'; did you mean '--dry-run'?", invalid "sweep g.yaml --dryrun")
    Assert.StartsWith("error: unexpected argument 'b.yaml'", invalid "train a.yaml b.yaml")

[<Fact>]
let ``every option's help gives its default`` () =
    for spec in Cli.completionSpecs () do
        for flag, help, _ in spec.Flags do
            if flag.StartsWith "--" && flag <> "--help" && flag <> "--resume" then
                Assert.True(help.Contains "default", $"{spec.Command} {flag}: '{help}' does not say its default")

[<Fact>]
let ``the completion specs list every command, flag and alias`` () =
    let specs = Cli.completionSpecs ()
    let commands = specs |> List.map (fun s -> s.Command)
    Assert.Equal<string list>([ "train"; "eval"; "sweep"; "report"; "status"; "mlflow"; "mlflow sync"; "bench"; "list"; "completion" ], commands)
    let sweep = specs |> List.find (fun s -> s.Command = "sweep")
    let flags = sweep.Flags |> List.map (fun (f, _, v) -> f, v)
    for flag in [ "--jobs", true; "-j", true; "--axis", true; "--seeds", true; "--dry-run", false; "-n", false; "--help", false ] do
        Assert.Contains(flag, flags)
    Assert.Equal("yaml", sweep.Positional)
    Assert.Equal("presets envs experiments keys", (specs |> List.find (fun s -> s.Command = "list")).Positional)

let ``play with every option`` () =
    match parsed "play results/x/t1 --episodes 3 --seed 9 --fps 20 --assist --margin 0.5 --input keys.txt" with
    | Play args ->
        Assert.Equal("results/x/t1", args.Model)
        Assert.Equal(Nullable 3, args.Episodes)
        Assert.Equal(Nullable 9L, args.Seed)
        Assert.Equal(Nullable 20, args.Fps)
        Assert.True(args.Assist)
        Assert.Equal(Nullable 0.5, args.Margin)
        Assert.Equal("keys.txt", args.Input)
    | other -> failwith $"{other}"

[<Fact>]
let ``play with only the model: absent options are empty, null or false`` () =
    match parsed "play m.dqn" with
    | Play args ->
        Assert.False(args.Episodes.HasValue || args.Seed.HasValue || args.Fps.HasValue || args.Margin.HasValue)
        Assert.False(args.Assist)
        Assert.Null(args.Input)
    | other -> failwith $"{other}"

[<Fact>]
let ``play's margin and input go with --assist, and counts must be positive`` () =
    Assert.Contains("--margin goes with --assist", invalid "play m.dqn --margin 0.5")
    Assert.Contains("--input goes with --assist", invalid "play m.dqn --input keys.txt")
    Assert.Contains("--fps must be a positive number", invalid "play m.dqn --fps 0")
    Assert.Contains("--episodes must be a positive number", invalid "play m.dqn --episodes 0")

[<Fact>]
let ``render with every option, and --out is required`` () =
    match parsed "render m.dqn --out ep.gif --episodes 2 --seed 4 --fps 10" with
    | Render args ->
        Assert.Equal(("m.dqn", "ep.gif"), (args.Model, args.Out))
        Assert.Equal((Nullable 2, Nullable 4L, Nullable 10), (args.Episodes, args.Seed, args.Fps))
    | other -> failwith $"{other}"

    match parsed "render m.dqn --out ep.svg" with
    | Render args -> Assert.False(args.Episodes.HasValue || args.Seed.HasValue || args.Fps.HasValue)
    | other -> failwith $"{other}"

    Assert.Contains("--out", invalid "render m.dqn")

[<Fact>]
let ``sweep --shard is 0-based INDEX/COUNT`` () =
    match parsed "sweep g.yaml --shard 2/5" with
    | Sweep args ->
        Assert.Equal(Nullable 2, args.ShardIndex)
        Assert.Equal(Nullable 5, args.ShardCount)
        Assert.False(args.Slurm)
    | other -> failwith $"{other}"

    match parsed "sweep g.yaml" with
    | Sweep args -> Assert.False(args.ShardIndex.HasValue || args.ShardCount.HasValue)
    | other -> failwith $"{other}"

    Assert.Contains("the index must be below the count", invalid "sweep g.yaml --shard 5/5")
    Assert.Contains("the count must be at least 1", invalid "sweep g.yaml --shard=0/0")
    Assert.Contains("--shard expects INDEX/COUNT", invalid "sweep g.yaml --shard 1-4")

[<Fact>]
let ``sweep --slurm with its tasks and options`` () =
    match parsed "sweep g.yaml --slurm --slurm-tasks 4 --slurm-option --partition=cpu --slurm-option=--time=1" with
    | Sweep args ->
        Assert.True(args.Slurm)
        Assert.Equal(Nullable 4, args.SlurmTasks)
        Assert.Equal<string[]>([| "--partition=cpu"; "--time=1" |], args.SlurmOptions)
    | other -> failwith $"{other}"

    Assert.Contains("--slurm-tasks must be a positive number", invalid "sweep g.yaml --slurm --slurm-tasks 0")
    Assert.Contains("--slurm-option goes with --slurm", invalid "sweep g.yaml --slurm-option --partition=cpu")
    Assert.Contains("--shard and --slurm do not go together", invalid "sweep g.yaml --slurm --shard 0/2")

[<Fact>]
let ``status takes a results folder`` () =
    match parsed "status results/batch-size" with
    | Status args -> Assert.Equal("results/batch-size", args.ResultsDir)
    | other -> failwith $"{other}"
