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
let ``a bad value's message carries the subcommand's usage`` () =
    let message = invalid "sweep g.yaml --jobs 0"
    Assert.StartsWith("ERROR: --jobs", message)
    Assert.Contains("--dry-run", message)

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
